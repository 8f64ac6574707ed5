using Gureum.Api;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Common;

/// <summary>The writes a pass may make, as the kind's act step receives them.</summary>
public enum WriteKind
{
    /// <summary>The resource does not exist: create it with our ownership claim.</summary>
    Create,

    /// <summary>The spec changed since AWS last matched it: apply the differences.</summary>
    Update,

    /// <summary>An unmanaged resource, adoption asked for: claim it and apply the differences.</summary>
    Adopt,

    /// <summary>AWS was changed outside Gureum (or our resource removed): put it back.</summary>
    CorrectDrift,
}

/// <summary>What AWS looks like to the decision: whether the resource exists, whose it is, and how it differs.</summary>
internal sealed record Sighting(bool Exists, Ownership? Ownership, IReadOnlyList<DriftEntry> Differences)
{
    /// <summary>The differences are the next steps of a change under way (<see cref="Observation{TState}.InProgress"/>).</summary>
    public bool InProgress { get; init; }
}

/// <summary>The outcome of <see cref="Decision.Decide"/>: a write to make, or a state to report without writing.</summary>
internal sealed record Decision(WriteKind? Write, bool IsDrift, PassState State, string Reason, string Message)
{
    /// <summary>
    /// Pure: the one place where the policies meet what AWS looks like. ObserveOnly and paused never
    /// write; a resource someone else owns is never touched, an unmanaged one only when adoption is
    /// asked for; a difference found while AWS had matched the current generation is drift (corrected
    /// or, with driftPolicy Report, reported until a spec change or a requested reconcile), any other
    /// difference is the spec being applied.
    /// </summary>
    public static Decision Decide(PassPolicy policy, Sighting aws, string subject)
    {
        var differs = aws.Differences.Count > 0;
        var isDrift = differs && !policy.SpecChangedSinceSync && !aws.InProgress;
        var summary = Drift.Describe(aws.Differences);
        if (policy.Management == ManagementPolicy.ObserveOnly)
        {
            if (!aws.Exists)
                return Hold(false, PassState.Waiting, ConditionReasons.NotFound, $"{subject} does not exist (ObserveOnly)");
            return differs
                ? Hold(true, PassState.Waiting, ConditionReasons.DriftReported, "ObserveOnly: " + summary)
                : Hold(false, PassState.Ready, ConditionReasons.InSync, $"{subject} matches the spec (ObserveOnly)");
        }

        // A claim by someone else counts even where the resource itself is gone: its owner may recreate it.
        if (aws.Ownership is { Kind: OwnershipKind.SomeoneElse } other)
            return Hold(false, PassState.Stalled, ConditionReasons.NotOwned, $"{subject} is owned by {other.Owner}");
        var adopting = aws.Exists && aws.Ownership is { Kind: OwnershipKind.NotManaged };
        if (adopting && !policy.Adopt)
            return Hold(false, PassState.Stalled, ConditionReasons.NotOwned,
                $"{subject} exists and is not managed by Gureum; annotate {Annotations.Adopt}: \"true\" to take it over");
        if (!differs && !adopting)
            return Hold(false, PassState.Ready, ConditionReasons.InSync, $"{subject} matches the spec");
        if (policy.Paused)
            return Hold(isDrift, PassState.Waiting, ConditionReasons.Paused, $"writes are paused ({Annotations.Paused}); {Pending(summary)}");
        if (isDrift && policy.Drift == DriftPolicy.Report && !policy.RequestedNow)
            return Hold(true, PassState.Waiting, ConditionReasons.DriftReported, "driftPolicy Report: " + summary);

        var write = adopting ? WriteKind.Adopt
            : isDrift ? WriteKind.CorrectDrift
            : aws.Exists ? WriteKind.Update
            : WriteKind.Create;
        var reason = write == WriteKind.Create ? ConditionReasons.Creating : ConditionReasons.Updating;
        return new Decision(write, isDrift, PassState.Progressing, reason, $"{Verb(write)} {subject}");
    }

    private static Decision Hold(bool isDrift, PassState state, string reason, string message) =>
        new(null, isDrift, state, reason, message);

    private static string Pending(string summary) => summary.Length == 0 ? "nothing else to do" : "not applied: " + summary;

    public static string Verb(WriteKind write) => write switch
    {
        WriteKind.Create => "creating",
        WriteKind.Adopt => "adopting",
        WriteKind.CorrectDrift => "correcting drift on",
        _ => "updating",
    };
}
