using System.Collections.Concurrent;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Common;

/// <summary>
/// What this process last wrote into each object's status. The cached object a pass starts from
/// can predate that write; read from it alone, the generation AWS last matched would look older,
/// and drift found right after a sync would pass for a spec edit (applied without a word), or a
/// handled reconcile request would count again.
/// </summary>
public sealed class WrittenStatuses
{
    private readonly ConcurrentDictionary<string, ResourceStatus> _byObject = new(StringComparer.Ordinal);

    public void Remember(string uid, ResourceStatus status) => _byObject[uid] = status;

    public void Forget(string uid) => _byObject.TryRemove(uid, out _);

    /// <summary>The cached status, or the one written since when it is at least as new (generations only grow).</summary>
    public ResourceStatus? Freshest(string uid, ResourceStatus? cached) =>
        _byObject.TryGetValue(uid, out var written)
        && (cached is null || (written.ObservedGeneration ?? 0) >= (cached.ObservedGeneration ?? 0))
            ? written
            : cached;
}
