using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;

namespace Gureum.Local.Kubernetes;

/// <summary>
/// The one seam between the server and the pure schema functions of Kubernetes/Schema:
/// turns their results and exceptions into what the wire needs (Status errors, documents).
/// </summary>
internal static class SchemaBridge
{
    private static readonly ConcurrentDictionary<JsonObject, CrdSchema> Schemas = new(ReferenceEqualityComparer.Instance);

    /// <summary>Prunes, defaults and validates a custom object in place (apiextensions' order). Returns pruned paths and causes.</summary>
    public static (IReadOnlyList<string> UnknownFields, IReadOnlyList<FieldCause> Causes) Admit(ResourceType type, JsonObject obj)
    {
        if (type.Schema is null)
        {
            return ([], []);
        }
        var schema = Schemas.GetOrAdd(type.Schema, s => new CrdSchema(s));
        var unknown = schema.Prune(obj);
        schema.ApplyDefaults(obj);
        return (unknown, schema.Validate(obj));
    }

    public static JsonNode MergePatch(JsonNode? target, JsonNode? patch) =>
        Patching(() => JsonPatches.ApplyMergePatch(target, patch));

    public static JsonNode JsonPatch(JsonNode target, JsonArray operations) =>
        Patching(() => JsonPatches.ApplyJsonPatch(target, operations));

    public static JsonObject ServerSideApply(ResourceType type, string name, JsonObject? live, JsonObject applied, string fieldManager, bool force, DateTimeOffset now)
    {
        try
        {
            return Schema.ServerSideApply.Apply(live, applied, fieldManager, force, now);
        }
        catch (ApplyConflictException conflict)
        {
            var causes = new JsonArray([.. conflict.Causes.Select(c => (JsonNode)c.ToJson())]);
            throw ApiError.ConflictMessage(type, name, conflict.Message, causes);
        }
    }

    /// <summary>managedFields after a non-apply write by <paramref name="fieldManager"/>.</summary>
    public static JsonObject RecordUpdate(JsonObject? old, JsonObject updated, string fieldManager, DateTimeOffset now) =>
        Schema.ServerSideApply.RecordUpdate(old, updated, fieldManager, now);

    public static JsonObject Table(ResourceType type, IReadOnlyList<JsonObject> objects, string? includeObject, string? resourceVersion, string? continueToken, DateTimeOffset now)
    {
        var columns = type.IsCustom ? PrinterColumn.FromCrd(type.PrinterColumns) : TableConverter.BuiltInColumns(type.Group, type.Kind);
        var include = includeObject switch
        {
            "Object" => IncludeObject.Object,
            "None" => IncludeObject.None,
            _ => IncludeObject.Metadata,
        };
        return TableConverter.ToTable(objects, columns, include, now, resourceVersion, continueToken);
    }

    /// <summary>/openapi/v3 index.</summary>
    public static JsonObject OpenApiIndex(IReadOnlyList<ResourceType> types) =>
        OpenApiDocuments.Index(types.Select(t => t.GroupVersion).Distinct()
            .ToDictionary(gv => PathKey(gv), gv => OpenApiGroupVersion(types, gv)!));

    /// <summary>/openapi/v3/apis/group/version (or api/v1).</summary>
    public static JsonObject? OpenApiGroupVersion(IReadOnlyList<ResourceType> types, string groupVersion)
    {
        var served = types.Where(t => t.GroupVersion == groupVersion).ToList();
        if (served.Count == 0)
        {
            return null;
        }
        var kinds = served.Select(t => t.IsCustom
                ? new OpenApiKind(t.Group, t.Version, t.Kind, t.Plural, t.Namespaced, t.Schema ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true }, t.HasStatus)
                : BuiltInKinds.All.FirstOrDefault(k => k.Group == t.Group && k.Version == t.Version && k.Kind == t.Kind)
                    ?? new OpenApiKind(t.Group, t.Version, t.Kind, t.Plural, t.Namespaced, new JsonObject { ["type"] = "object" }, t.HasStatus))
            .ToList();
        return OpenApiDocuments.GroupVersionDocument(served[0].Group, served[0].Version, kinds);
    }

    public static byte[] OpenApiV2Protobuf { get; } = OpenApiDocuments.MinimalV2Protobuf();

    private static string PathKey(string groupVersion) =>
        groupVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{groupVersion}" : $"api/{groupVersion}";

    private static JsonNode Patching(Func<JsonNode?> apply)
    {
        try
        {
            return apply() ?? throw ApiError.BadRequest("the patch removed the whole object");
        }
        catch (PatchException patch)
        {
            throw patch.Malformed ? ApiError.BadRequest(patch.Message) : new ApiError(422, "Invalid", patch.Message);
        }
    }
}
