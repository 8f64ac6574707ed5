using System.Text.Json.Nodes;
using Gureum.Api;
using k8s;
using k8s.Models;
using ApiKind = Gureum.Api.V1Alpha1.KindDefinition;

namespace Gureum.Operator.LiveView;

/// <summary>One line of the live view: what a user wants to see of an object at a glance.</summary>
internal sealed record ObjectRow(string Kind, string Namespace, string Name, string Ready, string AwsId, string Message)
{
    public string Key => $"{Kind} {Namespace}/{Name}";

    public static ObjectRow From(ApiKind kind, IKubernetesObject<V1ObjectMeta> resource) =>
        From(kind, JsonNode.Parse(KubernetesJson.Serialize(resource)) ?? new JsonObject());

    /// <summary>
    /// Ready and its message come from the Ready condition; the AWS id is the kind's first
    /// identifying printer column that has a value (fqdn, arn, group name, ...).
    /// </summary>
    public static ObjectRow From(ApiKind kind, JsonNode resource)
    {
        var metadata = resource["metadata"];
        var ready = (resource["status"]?["conditions"] as JsonArray)?
            .FirstOrDefault(condition => (string?)condition?["type"] == ConditionTypes.Ready);
        var awsId = kind.PrinterColumns
            .Where(column => column.JsonPath.StartsWith(".status.", StringComparison.Ordinal))
            .Select(column => Follow(resource, column.JsonPath))
            .FirstOrDefault(value => !string.IsNullOrEmpty(value)) ?? "";
        var message = (string?)ready?["message"] ?? (string?)ready?["reason"] ?? "";
        if (metadata?["deletionTimestamp"] is not null)
            message = "deleting" + (message.Length > 0 ? ": " + message : "");
        return new ObjectRow(
            kind.Kind,
            (string?)metadata?["namespace"] ?? "",
            (string?)metadata?["name"] ?? "",
            (string?)ready?["status"] ?? "-",
            awsId,
            message);
    }

    public string ToLogLine() =>
        $"{Kind} {Namespace}/{Name} Ready={Ready}" +
        (AwsId.Length > 0 ? $" id={AwsId}" : "") +
        (Message.Length > 0 ? $" message=\"{Message}\"" : "");

    // Printer columns of the identifying kind are plain dotted paths (.status.fqdn).
    private static string? Follow(JsonNode resource, string path)
    {
        JsonNode? node = resource;
        foreach (var segment in path.TrimStart('.').Split('.'))
            node = node is JsonObject obj ? obj[segment] : null;
        return node is JsonValue value ? value.ToString() : null;
    }
}
