using System.Net;
using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;

namespace Gureum.Local.Kubernetes;

/// <summary>A failure that is answered with a Kubernetes Status object.</summary>
internal sealed class ApiError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusObject(Code, Reason, Message, Details);

    public static JsonObject StatusObject(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }
        status["code"] = code;
        return status;
    }

    private static JsonObject Details_(ResourceType? type, string? name, JsonArray? causes = null)
    {
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }
        if (type is not null)
        {
            details["group"] = type.Group;
            details["kind"] = type.IsCustom ? type.Kind : type.Plural;
        }
        if (causes is not null)
        {
            details["causes"] = causes;
        }
        return details;
    }

    private static string Qualified(ResourceType type) => type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";

    public static ApiError NotFound(ResourceType type, string name) =>
        new((int)HttpStatusCode.NotFound, "NotFound", $"{Qualified(type)} \"{name}\" not found", Details_(type, name));

    public static ApiError NotFoundPath(string path) =>
        new((int)HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({path})", new JsonObject());

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new((int)HttpStatusCode.Conflict, "AlreadyExists", $"{Qualified(type)} \"{name}\" already exists", Details_(type, name));

    public static ApiError Conflict(ResourceType type, string name) =>
        new((int)HttpStatusCode.Conflict, "Conflict",
            $"Operation cannot be fulfilled on {Qualified(type)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details_(type, name));

    public static ApiError ConflictMessage(ResourceType type, string name, string message, JsonArray? causes = null) =>
        new((int)HttpStatusCode.Conflict, "Conflict", message, Details_(type, name, causes));

    /// <summary>
    /// 403 from kube-apiserver's NamespaceLifecycle admission: no new objects in a namespace
    /// being deleted, with the NamespaceTerminating cause clients look for.
    /// </summary>
    public static ApiError NamespaceTerminating(ResourceType type, string name, string ns)
    {
        var reason = $"unable to create new content in namespace {ns} because it is being terminated";
        var details = Details_(null, name.Length == 0 ? null : name);
        details["group"] = type.Group;
        details["kind"] = type.Plural;
        details["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "NamespaceTerminating",
            ["message"] = $"namespace {ns} is being terminated",
            ["field"] = "metadata.namespace",
        });
        var subject = name.Length == 0 ? Qualified(type) : $"{Qualified(type)} \"{name}\"";
        return new((int)HttpStatusCode.Forbidden, "Forbidden", $"{subject} is forbidden: {reason}", details);
    }

    public static ApiError BadRequest(string message) =>
        new((int)HttpStatusCode.BadRequest, "BadRequest", message);

    public static ApiError MethodNotAllowed(string message) =>
        new((int)HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", message, new JsonObject());

    public static ApiError Unauthorized() =>
        new((int)HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");

    public static ApiError Gone(string message) =>
        new((int)HttpStatusCode.Gone, "Expired", message);

    public static ApiError UnsupportedMediaType(string contentType) =>
        new((int)HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got {contentType})");

    /// <summary>422 with one cause per field, in the message format kubectl prints.</summary>
    public static ApiError Invalid(ResourceType type, string name, IReadOnlyList<FieldCause> causes)
    {
        var details = Details_(type, name, new JsonArray([.. causes.Select(c => (JsonNode)c.ToJson())]));
        details["kind"] = type.Kind;
        return new ApiError(422, "Invalid", FieldCause.InvalidMessage(type.Kind, type.Group, name, causes), details);
    }
}
