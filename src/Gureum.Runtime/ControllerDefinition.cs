using System.Text.Json.Nodes;
using Gureum.Runtime.Cache;
using Gureum.Runtime.Queue;
using k8s;
using k8s.Models;

namespace Gureum.Runtime;

/// <summary>
/// Everything the runtime needs to run one controller: the kind it owns and its reconciler,
/// what else it watches and how events there map to owned keys, and its timing.
/// </summary>
public sealed record ControllerDefinition<T>(string Name, ResourceKind Kind, IReconciler<T> Reconciler)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Other kinds whose changes wake objects of <see cref="Kind"/> (see <see cref="Watch"/>).</summary>
    public IReadOnlyList<WatchDefinition<T>> Watches { get; init; } = [];

    /// <summary>Secondary indexes on the owned kind's cache, name -> values, for the watch mappings.</summary>
    public IReadOnlyDictionary<string, Func<T, IEnumerable<string>>> Indexes { get; init; } =
        new Dictionary<string, Func<T, IEnumerable<string>>>();

    public int Workers { get; init; } = 2;

    /// <summary>Every object is reconciled again this often (drift detection), spread by jitter; null disables it.</summary>
    public TimeSpan? ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>When set, added before the first reconcile and removed after a successful cleanup.</summary>
    public string? Finalizer { get; init; }

    public QueueOptions Queue { get; init; } = new();

    public IErrorClassifier ErrorClassifier { get; init; } = DefaultErrorClassifier.Instance;
}

/// <summary>A watched kind and how one of its objects maps to keys of the owned kind <typeparamref name="TOwner"/>.</summary>
public abstract record WatchDefinition<TOwner>(ResourceKind Kind)
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
{
    internal abstract Type ResourceType { get; }

    /// <summary>Wires the watched kind's informer to the owner's queue: every event there enqueues the mapped keys.</summary>
    internal abstract void Connect(IInformer informer, IResourceCache<TOwner> owners, Action<ObjectKey> enqueue);
}

public sealed record WatchDefinition<TOwner, TOther>(
    ResourceKind Kind,
    Func<TOther, IResourceCache<TOwner>, IEnumerable<ObjectKey>> Mapper) : WatchDefinition<TOwner>(Kind)
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
    where TOther : class, IKubernetesObject<V1ObjectMeta>
{
    internal override Type ResourceType => typeof(TOther);

    /// <summary>Whether a change (previous, current; previous null when first seen) wakes the mapped owners. Null: every change does; a deletion always does.</summary>
    public Func<TOther?, TOther, bool>? Matters { get; init; }

    internal override void Connect(IInformer informer, IResourceCache<TOwner> owners, Action<ObjectKey> enqueue) =>
        ((Informer<TOther>)informer).Subscribe(change =>
        {
            if (change.Type != WatchEventType.Deleted && Matters is { } matters && !matters(change.Previous, change.Resource))
                return;
            foreach (var key in Mapper(change.Resource, owners))
                enqueue(key);
        });
}

/// <summary>The two ways an event on another kind reaches an owned object.</summary>
public static class Watch
{
    /// <summary>
    /// Objects of <typeparamref name="TOwner"/> that refer to the changed object, found with
    /// <paramref name="map"/> (typically through an index of the owner's cache).
    /// </summary>
    public static WatchDefinition<TOwner> Related<TOwner, TOther>(
        ResourceKind kind, Func<TOther, IResourceCache<TOwner>, IEnumerable<ObjectKey>> map, Func<TOther?, TOther, bool>? matters = null)
        where TOwner : class, IKubernetesObject<V1ObjectMeta>
        where TOther : class, IKubernetesObject<V1ObjectMeta> => new WatchDefinition<TOwner, TOther>(kind, map) { Matters = matters };

    /// <summary>Objects of <typeparamref name="TOwner"/> named in the changed object's ownerReferences.</summary>
    public static WatchDefinition<TOwner> Owned<TOwner, TOther>(ResourceKind kind, ResourceKind ownerKind, Func<TOther?, TOther, bool>? matters = null)
        where TOwner : class, IKubernetesObject<V1ObjectMeta>
        where TOther : class, IKubernetesObject<V1ObjectMeta> =>
        new WatchDefinition<TOwner, TOther>(kind, (other, _) =>
            (other.Metadata.OwnerReferences ?? [])
                .Where(owner => owner.Kind == ownerKind.Kind && owner.ApiVersion == ownerKind.ApiVersion)
                .Select(owner => new ObjectKey(other.Metadata.NamespaceProperty, owner.Name)))
        { Matters = matters };

    /// <summary>
    /// A <c>matters</c> predicate: the object changed in more than <paramref name="ignoredPaths"/> (dotted JSON
    /// paths, e.g. a status heartbeat) and the bookkeeping every write changes (resourceVersion, managedFields).
    /// </summary>
    public static Func<TOther?, TOther, bool> ChangesBeyond<TOther>(params string[] ignoredPaths)
        where TOther : class, IKubernetesObject<V1ObjectMeta> =>
        (previous, current) => previous is null || !JsonNode.DeepEquals(Comparable(previous, ignoredPaths), Comparable(current, ignoredPaths));

    private static JsonNode? Comparable(object resource, string[] ignoredPaths)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(resource));
        foreach (var path in ignoredPaths.Concat(["metadata.resourceVersion", "metadata.managedFields"]))
        {
            var segments = path.Split('.');
            var parent = segments[..^1].Aggregate(node, (at, segment) => at?[segment]);
            (parent as JsonObject)?.Remove(segments[^1]);
        }
        return node;
    }

    /// <summary>Index helper: key the owned objects by a referenced name in their own namespace.</summary>
    public static string IndexKey(string? @namespace, string name) => new ObjectKey(@namespace, name).ToString();
}
