using Gureum.Api;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Common;

/// <summary>Builds the kstatus conditions of one pass; lastTransitionTime only moves when a status flips.</summary>
internal static class ConditionSet
{
    public static Condition True(string type, string reason, string message) =>
        new() { Type = type, Status = ConditionStatus.True, Reason = reason, Message = message };

    public static Condition False(string type, string reason, string message) =>
        new() { Type = type, Status = ConditionStatus.False, Reason = reason, Message = message };

    public static IReadOnlyList<Condition> Merge(
        IReadOnlyList<Condition>? existing, IEnumerable<Condition> desired, long? generation, DateTimeOffset now)
    {
        var result = new List<Condition>();
        foreach (var condition in desired)
        {
            var previous = existing?.FirstOrDefault(c => c.Type == condition.Type);
            var transition = previous is { LastTransitionTime: { } kept } && previous.Status == condition.Status
                ? kept
                : now.UtcDateTime;
            result.Add(condition with { LastTransitionTime = transition, ObservedGeneration = generation });
        }
        return result;
    }

    /// <summary>The four conditions for a pass that ended in <paramref name="state"/>.</summary>
    public static IEnumerable<Condition> For(PassState state, string reason, string message, Condition drifted) =>
    [
        state == PassState.Ready
            ? True(ConditionTypes.Ready, reason, message)
            : False(ConditionTypes.Ready, reason, message),
        state == PassState.Progressing
            ? True(ConditionTypes.Reconciling, reason, message)
            : False(ConditionTypes.Reconciling, reason, message),
        state == PassState.Stalled
            ? True(ConditionTypes.Stalled, reason, message)
            : False(ConditionTypes.Stalled, reason, message),
        drifted,
    ];

    public static Condition NotDrifted(string reason = ConditionReasons.NoDrift, string message = "AWS matches the spec") =>
        False(ConditionTypes.Drifted, reason, message);

    public static Condition DriftedReported(string message) => True(ConditionTypes.Drifted, ConditionReasons.DriftReported, message);
}

internal enum PassState
{
    /// <summary>AWS equals spec (or equals what the policies allow it to be).</summary>
    Ready,

    /// <summary>Working on it: a write in flight or a retryable error.</summary>
    Progressing,

    /// <summary>Blocked on something outside (a dependency); not an error.</summary>
    Waiting,

    /// <summary>Terminal until the object changes: invalid spec, not owned, access denied.</summary>
    Stalled,
}
