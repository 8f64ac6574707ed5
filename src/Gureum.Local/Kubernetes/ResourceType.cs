using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>One served resource (built-in or from a CRD) at one group/version.</summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool HasStatus { get; init; }
    public bool IsCustom { get; init; }
    /// <summary>The CRD version's openAPIV3Schema (custom kinds only).</summary>
    public JsonObject? Schema { get; init; }
    public JsonArray? PrinterColumns { get; init; }
    /// <summary>Kinds whose top level is data, not spec: every change bumps nothing but resourceVersion.</summary>
    public bool TracksGeneration { get; init; } = true;

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string GroupVersion => ApiVersion;
    public string ListKind => Kind + "List";
    /// <summary>Storage key: objects are shared across versions of one group/resource.</summary>
    public string StorageKey => $"{Group}/{Plural}";
}
