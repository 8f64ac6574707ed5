using k8s;
using k8s.Models;

namespace Gureum.Runtime.Cache;

/// <summary>The informer's view of one kind: what the API server said last. Read-only for callers.</summary>
public interface IResourceCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>True once the first full list has been loaded.</summary>
    bool HasSynced { get; }

    T? Get(ObjectKey key);

    IReadOnlyList<T> List(string? @namespace = null);

    /// <summary>Objects whose index function returned <paramref name="value"/> (see <c>ControllerDefinition.Indexes</c>).</summary>
    IReadOnlyList<T> ByIndex(string indexName, string value);
}
