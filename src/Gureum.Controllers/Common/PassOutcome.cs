using Gureum.Api;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Common;

public enum PassState
{
    /// <summary>AWS equals spec (or equals what the policies allow it to be).</summary>
    Ready,

    /// <summary>Working on it: a write in flight, a dependency not ready, or a retryable error.</summary>
    Progressing,

    /// <summary>Nothing to do until something outside changes (paused, reported drift, ObserveOnly); not an error.</summary>
    Waiting,

    /// <summary>Terminal until the object changes: invalid spec, not owned, access denied.</summary>
    Stalled,
}

/// <summary>How the Drifted condition ends up after a pass.</summary>
public enum DriftVerdict
{
    /// <summary>AWS differs from what Gureum last applied for this generation.</summary>
    Drifted,

    /// <summary>No out-of-band change: AWS matches, or the differences are a spec edit being applied.</summary>
    Clear,

    /// <summary>Drift was found and has just been put right.</summary>
    Corrected,

    /// <summary>The pass did not compare (invalid spec, an error before observing): the condition is left as it was.</summary>
    Unchanged,

    /// <summary>Nothing could be compared and nothing is known: Unknown.</summary>
    NotCompared,
}

/// <summary>
/// The one result of a managed-resource pass, turned into status, Events and the requeue in one
/// place (<see cref="ManagedReconciler{TResource, TSpec, TStatus, TState}"/>).
/// </summary>
public sealed record PassOutcome(PassState State, string Reason, string Message)
{
    public DriftVerdict DriftVerdict { get; init; } = DriftVerdict.Unchanged;

    /// <summary>The differences to show in status.drift (null: keep what status has).</summary>
    public IReadOnlyList<DriftEntry>? Drift { get; init; }

    /// <summary>AWS was read and compared in this pass (lastSyncedTime).</summary>
    public bool Observed { get; init; }

    /// <summary>AWS matches the current generation (syncedGeneration).</summary>
    public bool InSync { get; init; }

    /// <summary>A Progressing pass that waits for a watch event (a dependency's status) rather than polling.</summary>
    public bool WakesOnWatch { get; init; }

    public static PassOutcome Stalled(string reason, string message) => new(PassState.Stalled, reason, message);

    public static PassOutcome Progressing(string reason, string message) => new(PassState.Progressing, reason, message);

    /// <summary>Ready, Reconciling, Stalled and Drifted, each with its own message.</summary>
    public IReadOnlyList<Condition> Conditions(Condition? previousDrifted)
    {
        var ready = State == PassState.Ready
            ? True(ConditionTypes.Ready, Reason, Message)
            : False(ConditionTypes.Ready, Reason, Message);
        var reconciling = State == PassState.Progressing
            ? True(ConditionTypes.Reconciling, Reason, Message)
            : False(ConditionTypes.Reconciling, ConditionReasons.Idle, State == PassState.Stalled
                ? "stopped: see the Stalled condition"
                : "no change in progress");
        var stalled = State == PassState.Stalled
            ? True(ConditionTypes.Stalled, Reason, Message)
            : False(ConditionTypes.Stalled, ConditionReasons.Progressing, "the last pass could proceed");
        return [ready, reconciling, stalled, DriftedCondition(previousDrifted)];
    }

    private Condition DriftedCondition(Condition? previous)
    {
        var found = Drift is { Count: > 0 } entries ? Common.Drift.Describe(entries) : "";
        return DriftVerdict switch
        {
            DriftVerdict.Drifted => True(ConditionTypes.Drifted, ConditionReasons.DriftDetected, found),
            DriftVerdict.Corrected => False(ConditionTypes.Drifted, ConditionReasons.DriftCorrected, "out-of-band changes were reverted"),
            DriftVerdict.Clear => previous is { Status: ConditionStatus.False } kept && previous.Reason != ConditionReasons.NotCompared
                ? kept
                : False(ConditionTypes.Drifted, ConditionReasons.NoDrift, "no change made outside Gureum was found"),
            DriftVerdict.NotCompared => new Condition
            {
                Type = ConditionTypes.Drifted, Status = ConditionStatus.Unknown, Reason = ConditionReasons.NotCompared,
                Message = "AWS was not compared with the spec: " + Message,
            },
            _ => previous ?? new Condition
            {
                Type = ConditionTypes.Drifted, Status = ConditionStatus.Unknown, Reason = ConditionReasons.NotCompared,
                Message = "AWS has not been compared with the spec yet",
            },
        };
    }

    /// <summary>Existing conditions with the pass's put in place; lastTransitionTime moves only when a status flips.</summary>
    public static IReadOnlyList<Condition> Merge(IReadOnlyList<Condition>? existing, IEnumerable<Condition> desired, long? generation, DateTimeOffset now) =>
        [.. desired.Select(condition =>
        {
            var previous = existing?.FirstOrDefault(c => c.Type == condition.Type);
            var transition = previous is { LastTransitionTime: { } kept } && previous.Status == condition.Status ? kept : now.UtcDateTime;
            return condition with { LastTransitionTime = transition, ObservedGeneration = generation };
        })];

    private static Condition True(string type, string reason, string message) =>
        new() { Type = type, Status = ConditionStatus.True, Reason = reason, Message = message };

    private static Condition False(string type, string reason, string message) =>
        new() { Type = type, Status = ConditionStatus.False, Reason = reason, Message = message };
}
