using System.Text.Json.Serialization;
using k8s.Models;

namespace Gureum.Runtime.Cache;

/// <summary>The wire shape of a list of custom objects.</summary>
internal sealed class ResourceList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<T>? Items { get; set; }
}
