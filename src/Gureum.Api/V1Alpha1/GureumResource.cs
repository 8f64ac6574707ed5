using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Gureum.Api.V1Alpha1;

/// <summary>Shape shared by every Gureum custom resource; KubernetesClient reads it through its interfaces.</summary>
public abstract class GureumResource<TSpec, TStatus> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus?>
    where TSpec : ManagedSpec
    where TStatus : ResourceStatus
{
    protected GureumResource(string kind)
    {
        ApiVersion = GureumApi.ApiVersion;
        Kind = kind;
    }

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    // Never null on a valid object (the CRD requires spec); default! keeps the parameterless constructor that generic code needs.
    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = default!;

    [JsonPropertyName("status")]
    public TStatus? Status { get; set; }

    /// <summary>A shallow copy with <paramref name="status"/>; this object (a cache's, often) stays as it is.</summary>
    public GureumResource<TSpec, TStatus> WithStatus(TStatus? status)
    {
        var copy = (GureumResource<TSpec, TStatus>)MemberwiseClone();
        copy.Status = status;
        return copy;
    }
}

/// <summary>List envelope for list and watch calls of any Gureum kind.</summary>
public sealed class GureumResourceList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GureumApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
