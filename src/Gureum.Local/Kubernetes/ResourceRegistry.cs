using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>What the server serves: the built-in kinds plus every established CRD.</summary>
internal sealed class ResourceRegistry
{
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), ResourceType> _types = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<ResourceType>> _byCrd = new();

    public ResourceRegistry()
    {
        foreach (var type in BuiltIns)
        {
            _types[(type.Group, type.Version, type.Plural)] = type;
        }
    }

    public static readonly ResourceType Namespaces = new()
    {
        Group = "", Version = "v1", Plural = "namespaces", Singular = "namespace", Kind = "Namespace",
        Namespaced = false, ShortNames = ["ns"], HasStatus = true, TracksGeneration = false,
    };

    public static readonly ResourceType CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false,
        ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true,
    };

    private static readonly ResourceType[] BuiltIns =
    [
        Namespaces,
        CustomResourceDefinitions,
        new() { Group = "", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", Namespaced = true, ShortNames = ["ev"], TracksGeneration = false },
        new() { Group = "", Version = "v1", Plural = "secrets", Singular = "secret", Kind = "Secret", Namespaced = true, TracksGeneration = false },
        new() { Group = "", Version = "v1", Plural = "configmaps", Singular = "configmap", Kind = "ConfigMap", Namespaced = true, ShortNames = ["cm"], TracksGeneration = false },
        new() { Group = "events.k8s.io", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", Namespaced = true, ShortNames = ["ev"], TracksGeneration = false },
        new() { Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease", Namespaced = true, TracksGeneration = false },
    ];

    public ResourceType? Find(string group, string version, string plural) =>
        _types.TryGetValue((group, version, plural), out var type) ? type : null;

    public IReadOnlyList<ResourceType> All => [.. _types.Values.OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal)];

    public ResourceType? FindKind(string apiVersion, string kind) =>
        _types.Values.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    /// <summary>Serves (or re-serves) the versions of a CRD; returns the served types.</summary>
    public IReadOnlyList<ResourceType> Register(JsonObject crd)
    {
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? "";
        Unregister(name);
        var types = FromCrd(crd);
        foreach (var type in types)
        {
            _types[(type.Group, type.Version, type.Plural)] = type;
        }
        _byCrd[name] = types;
        return types;
    }

    public IReadOnlyList<ResourceType> Unregister(string crdName)
    {
        if (!_byCrd.TryRemove(crdName, out var types))
        {
            return [];
        }
        foreach (var type in types)
        {
            _types.TryRemove((type.Group, type.Version, type.Plural), out _);
        }
        return types;
    }

    public static IReadOnlyList<ResourceType> FromCrd(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw ApiError.BadRequest("spec is required");
        var names = spec["names"] as JsonObject ?? throw ApiError.BadRequest("spec.names is required");
        var group = spec["group"]?.GetValue<string>() ?? "";
        var plural = names["plural"]?.GetValue<string>() ?? "";
        var kind = names["kind"]?.GetValue<string>() ?? "";
        var singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var namespaced = (spec["scope"]?.GetValue<string>() ?? "Namespaced") == "Namespaced";
        var shortNames = Strings(names["shortNames"]);
        var categories = Strings(names["categories"]);
        var result = new List<ResourceType>();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }
            result.Add(new ResourceType
            {
                Group = group,
                Version = version["name"]?.GetValue<string>() ?? "v1",
                Plural = plural,
                Singular = singular,
                Kind = kind,
                Namespaced = namespaced,
                ShortNames = shortNames,
                Categories = categories,
                HasStatus = version["subresources"]?["status"] is not null,
                IsCustom = true,
                Schema = version["schema"]?["openAPIV3Schema"] as JsonObject,
                PrinterColumns = version["additionalPrinterColumns"] as JsonArray,
            });
        }
        return result;
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>() ?? "").Where(s => s.Length > 0)] : [];
}
