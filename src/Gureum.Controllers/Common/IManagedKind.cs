using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Common;

/// <summary>
/// What one kind supplies to the managed-resource pass: validate, observe (with its references),
/// compare, act and cleanup, and its own status fields. Nothing about policies: the pass decides
/// what may be written (<see cref="Decision"/>).
/// </summary>
public interface IManagedKind<TResource, TSpec, TStatus, TState>
    where TResource : GureumResource<TSpec, TStatus>
    where TSpec : ManagedSpec
    where TStatus : ResourceStatus, new()
{
    string KindName { get; }

    /// <summary>Pure semantic validation; any error stops the pass before an AWS call.</summary>
    IReadOnlyList<FieldError> Validate(TResource resource);

    /// <summary>
    /// Validation that needs AWS reads (the ids the spec names exist, <see cref="NetworkIds"/>); any error
    /// stalls the pass as an invalid spec before a write. Runs after <see cref="Validate"/> passed, and
    /// once per generation: the pass remembers a generation that passed and does not ask again on drift passes.
    /// </summary>
    Task<IReadOnlyList<FieldError>> ValidateWithAwsAsync(TResource resource, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FieldError>>([]);

    /// <summary>Resolves references and reads AWS: one record of what is there, or why the pass cannot go on.</summary>
    Task<Observation<TState>> ObserveAsync(TResource resource, PassContext pass, CancellationToken cancellationToken);

    /// <summary>Pure: how AWS differs from the spec (empty when equal).</summary>
    IReadOnlyList<DriftEntry> Compare(TState state);

    /// <summary>The smallest writes for the differences; only called when the policies allow <paramref name="write"/>.</summary>
    Task<ActResult> ActAsync(TResource resource, TState state, WriteKind write, IReadOnlyList<DriftEntry> differences, CancellationToken cancellationToken);

    /// <summary>Deletes what the object owns in AWS; only called when deletionPolicy Delete, Full management and not paused.</summary>
    Task<CleanupResult> CleanupAsync(TResource resource, CancellationToken cancellationToken);

    /// <summary>The kind's own status fields (ARN, ids, …) from what this pass saw; shared fields are the pass's.</summary>
    TStatus Status(TStatus? previous, TState? state);

    /// <summary>A last look at the outcome against the freshest stored status (which may be newer than the cached object the pass started from).</summary>
    PassOutcome Reconsider(PassOutcome outcome, TState? state, TStatus? fresh) => outcome;
}

/// <summary>What a pass knows before it observes.</summary>
public sealed record PassContext(bool RequestedNow, Operation? Landed);

/// <summary>The observe step's answer: the kind's state and how AWS looks, or why the pass stops here.</summary>
public sealed record Observation<TState>
{
    public TState? State { get; internal init; }

    /// <summary>How the resource is named in messages ("IAM role demo-web", "www.example.com. A").</summary>
    public string Subject { get; internal init; } = "";

    public bool Exists { get; internal init; }

    /// <summary>Whose the existing resource is (or whose claim is found where it should be).</summary>
    public Ownership? Ownership { get; internal init; }

    /// <summary>AWS matches but is still settling (a change PENDING): Reconciling until it is done.</summary>
    public string? Settling { get; init; }

    /// <summary>
    /// The kind is part-way through applying its spec over several passes (a rollout's steps): the
    /// differences are its next steps, never drift, even once AWS matched the generation.
    /// </summary>
    public bool InProgress { get; init; }

    /// <summary>Set when the pass cannot go on (a dependency not ready, a spec AWS refuses): reported as is.</summary>
    public PassOutcome? Stop { get; internal init; }
}

/// <summary>Makes <see cref="Observation{TState}"/>s.</summary>
public static class Observe
{
    public static Observation<TState> Found<TState>(TState state, string subject, bool exists, Ownership? ownership) =>
        new() { State = state, Subject = subject, Exists = exists, Ownership = ownership };

    public static Observation<TState> Stopped<TState>(PassOutcome outcome, TState? state = default) => new() { Stop = outcome, State = state };

    /// <summary>Waits for another Gureum object; the watch on references wakes the pass when it changes.</summary>
    public static Observation<TState> WaitingFor<TState>(string kind, string name, string what, TState? state = default) => Stopped(
        new PassOutcome(PassState.Progressing, Gureum.Api.ConditionReasons.DependencyNotReady, $"waiting for {kind} {name}: {what}")
        {
            WakesOnWatch = true,
        }, state);
}

/// <summary>The act step's answer.</summary>
public sealed record ActResult
{
    /// <summary>Written and finished; the Event's reason and message.</summary>
    public (string Reason, string Message)? Applied { get; internal init; }

    /// <summary>Handed off; the next pass collects it (<see cref="OperationTracker"/>).</summary>
    public Operation? Submitted { get; internal init; }

    public static ActResult Wrote(string reason, string message) => new() { Applied = (reason, message) };

    public static ActResult Handed(Operation operation) => new() { Submitted = operation };
}

/// <summary>The cleanup step's answer.</summary>
public sealed record CleanupResult
{
    public bool Finished { get; internal init; }

    public Operation? Submitted { get; internal init; }

    public TimeSpan? RetryAfter { get; internal init; }

    /// <summary>Nothing of ours is left (deleted now, or never there).</summary>
    public static CleanupResult Done { get; } = new() { Finished = true };

    public static CleanupResult Handed(Operation operation) => new() { Submitted = operation };

    /// <summary>Deletion is under way (waiting for AWS); look again later.</summary>
    public static CleanupResult Later(TimeSpan delay) => new() { RetryAfter = delay };
}
