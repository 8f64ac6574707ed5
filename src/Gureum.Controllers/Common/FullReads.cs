using System.Collections.Concurrent;
using Gureum.Api;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Common;

/// <summary>
/// When a pass must read everything about its object, and when a resync pass may make do with the
/// reads that batch across objects (<see cref="BatchedLookup{TKey, TValue}"/>). AWS keeps some of a
/// resource behind per-resource calls (ELBv2 attributes and target health, Auto Scaling's instance
/// refreshes); paying those on every drift pass of every object is what makes a resync cost N calls
/// instead of N/20. A full read is due on the object's first pass in this process, on a new
/// generation, on a requested reconcile, after a write (its own or one that landed), while the object
/// is not Ready and in sync, and otherwise once every <c>every</c>; the kind also reads fully whenever
/// the batched reads show a difference, so act always works from a full picture.
/// </summary>
public sealed class FullReads(TimeProvider time, TimeSpan every)
{
    private readonly ConcurrentDictionary<string, (long Generation, DateTimeOffset At)> _last = new(StringComparer.Ordinal);

    public TimeSpan Every => every;

    public bool Due(string uid, long generation, ResourceStatus? status, PassContext pass) =>
        pass.RequestedNow
        || pass.Landed is not null
        || !_last.TryGetValue(uid, out var last)
        || last.Generation != generation
        || status?.SyncedGeneration != generation
        || status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready) is not { Status: ConditionStatus.True }
        || time.GetUtcNow() - last.At >= every;

    /// <summary>This pass read everything of <paramref name="generation"/>.</summary>
    public void Done(string uid, long generation) => _last[uid] = (generation, time.GetUtcNow());

    /// <summary>The next pass reads everything (this one wrote, or the object is gone).</summary>
    public void Forget(string uid) => _last.TryRemove(uid, out _);
}
