using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>
/// The one seam to the pure schema functions of Kubernetes/Schema (task B2: CrdSchema,
/// JsonPatches, ServerSideApply, TableConverter, OpenApiDocuments).
/// TODO(B2): until that branch lands these are minimal stand-ins: no validation, defaults or
/// pruning; merge patch only; apply = merge; tables with Name/Age and simple dotted columns;
/// an OpenAPI v3 index that only tells kubectl which PATCH endpoints take fieldValidation.
/// </summary>
internal static class SchemaBridge
{
    /// <summary>Defaults, prunes and validates a custom object in place. Returns unknown field paths and causes.</summary>
    public static (IReadOnlyList<string> UnknownFields, IReadOnlyList<FieldCause> Causes) Admit(ResourceType type, JsonObject obj)
    {
        _ = type;
        _ = obj;
        return ([], []);
    }

    public static JsonNode MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone()!;
        }
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }
        return result;
    }

    public static JsonNode JsonPatch(JsonNode target, JsonArray operations)
    {
        _ = target;
        _ = operations;
        throw ApiError.UnsupportedMediaType("application/json-patch+json (not yet supported by the sandbox)");
    }

    public static JsonObject ServerSideApply(JsonObject? live, JsonObject applied, string fieldManager, bool force)
    {
        _ = fieldManager;
        _ = force;
        return live is null ? applied : (JsonObject)MergePatch(live, applied);
    }

    public static JsonObject Table(ResourceType type, IReadOnlyList<JsonObject> objects, bool includeObject, string? resourceVersion, string? continueToken, DateTimeOffset now)
    {
        var columns = new JsonArray
        {
            Column("Name", "string", "name"),
        };
        var extra = (type.PrinterColumns ?? []).OfType<JsonObject>().ToList();
        foreach (var column in extra)
        {
            columns.Add(Column(column["name"]?.GetValue<string>() ?? "", column["type"]?.GetValue<string>() ?? "string", column["jsonPath"]?.GetValue<string>() ?? ""));
        }
        if (!extra.Any(c => c["name"]?.GetValue<string>() == "Age"))
        {
            columns.Add(Column("Age", "date", "age"));
        }
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray { obj["metadata"]?["name"]?.DeepClone() };
            foreach (var column in extra)
            {
                cells.Add(Dotted(obj, column["jsonPath"]?.GetValue<string>() ?? "")?.DeepClone());
            }
            if (!extra.Any(c => c["name"]?.GetValue<string>() == "Age"))
            {
                cells.Add(obj["metadata"]?["creationTimestamp"]?.GetValue<string>() is { } created && DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, out var at)
                    ? Age(now - at)
                    : "<unknown>");
            }
            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = includeObject ? obj.DeepClone() : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                },
            });
        }
        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    /// <summary>/openapi/v3 index.</summary>
    public static JsonObject OpenApiIndex(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => t.GroupVersion).Distinct())
        {
            var key = gv.Contains('/', StringComparison.Ordinal) ? $"apis/{gv}" : $"api/{gv}";
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>/openapi/v3/apis/group/version (or api/v1): PATCH operations that accept fieldValidation.</summary>
    public static JsonObject? OpenApiGroupVersion(IReadOnlyList<ResourceType> types, string groupVersion)
    {
        var served = types.Where(t => t.GroupVersion == groupVersion).ToList();
        if (served.Count == 0)
        {
            return null;
        }
        var paths = new JsonObject();
        foreach (var type in served)
        {
            var prefix = type.Group.Length == 0 ? "/api/v1" : $"/apis/{type.GroupVersion}";
            var path = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}/{{name}}" : $"{prefix}/{type.Plural}/{{name}}";
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
                    ["parameters"] = new JsonArray
                    {
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                    },
                },
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Gureum sandbox", ["version"] = "v1" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 2 } => $"{Math.Max(0, (int)age.TotalSeconds)}s",
        { TotalHours: < 2 } => $"{(int)age.TotalMinutes}m",
        { TotalDays: < 2 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };

    private static JsonObject Column(string name, string type, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = name == "Name" ? "name" : "",
        ["description"] = description,
        ["priority"] = 0,
    };

    private static JsonNode? Dotted(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.TrimStart('.').Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        return node;
    }
}
