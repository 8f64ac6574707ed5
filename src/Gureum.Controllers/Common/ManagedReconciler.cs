using System.Collections.Concurrent;
using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
using Gureum.Runtime;
using Gureum.Runtime.Status;
using k8s;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Controllers.Common;

/// <summary>Timing of the managed-resource pass for one kind.</summary>
public sealed record ManagedTiming(TimeSpan PollInterval, TimeSpan DriftInterval)
{
    /// <summary>How often a NotOwned object looks again whether its owner let go (bounded, slow).</summary>
    public TimeSpan NotOwnedRecheck => DriftInterval * 10;

    /// <summary>
    /// How stale <c>status.lastSyncedTime</c> may grow when a pass changes nothing else in status. Writing it on
    /// every pass is a status write (and a watch event to every watcher) per object per drift interval: 10,000
    /// writes a minute at 10,000 objects, for a timestamp.
    /// </summary>
    public TimeSpan SyncedTimeHeartbeat => DriftInterval * 5;
}

/// <summary>
/// The one managed-resource pass every kind runs: validate -> observe (with references) -> compare
/// -> decide (<see cref="Decision"/>, pure) -> act -> status and Events once, and the requeue from
/// the outcome. Deletion: the kind's cleanup, unless the policies keep the AWS resource.
/// </summary>
internal sealed class ManagedReconciler<TResource, TSpec, TStatus, TState>(
    IManagedKind<TResource, TSpec, TStatus, TState> kind,
    RuntimeKind runtimeKind,
    OperationTracker operations,
    StatusWriter statusWriter,
    ResourceEvents events,
    ManagedTiming timing,
    TimeProvider time,
    IReadOnlyList<Dependents>? usedBy = null) : IReconciler<TResource>
    where TResource : GureumResource<TSpec, TStatus>
    where TSpec : ManagedSpec
    where TStatus : ResourceStatus, new()
{
    private readonly WrittenStatuses _written = new();

    /// <summary>The generation of each object whose AWS-side validation last passed (uid -> generation).</summary>
    private readonly ConcurrentDictionary<string, long> _validated = new(StringComparer.Ordinal);

    public async Task<ReconcileResult> ReconcileAsync(TResource resource, CancellationToken cancellationToken)
    {
        var uid = resource.Metadata.Uid ?? "";
        if (operations.IsRunning(uid))
            return ReconcileResult.RequeueAfter(timing.PollInterval);
        // The cache can lag this process's own status writes by seconds under load: the whole pass (the policy,
        // the kind's observe, whether a full read is due, the status write) works from the newest status known.
        if (_written.Freshest(uid, resource.Status) is TStatus freshest && !ReferenceEquals(freshest, resource.Status))
            resource = (TResource)resource.WithStatus(freshest);
        var policy = PassPolicy.Of(resource.Spec, resource.Metadata, resource.Status);
        var errors = kind.Validate(resource);
        if (errors.Count > 0)
            return await FinishAsync(resource, policy, Invalid(errors), default, cancellationToken);

        TState? state = default;
        try
        {
            errors = await ValidateWithAwsAsync(resource, cancellationToken);
            if (errors.Count > 0)
                return await FinishAsync(resource, policy, Invalid(errors), default, cancellationToken);
            var landed = await CollectAsync(resource, operations.TakeFinished(uid), cancellationToken);
            var observation = await kind.ObserveAsync(resource, new PassContext(policy.RequestedNow, landed), cancellationToken);
            state = observation.State;
            var outcome = observation.Stop ?? await DecideAndActAsync(resource, policy, observation, landed, cancellationToken);
            return await FinishAsync(resource, policy, outcome, state, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var error = AwsErrors.Classify(exception);
            await events.ErrorAsync(resource, error.Reason, exception.Message, cancellationToken);
            var failed = new PassOutcome(error.State, error.Reason, exception.Message);
            var result = await FinishAsync(resource, policy, failed, state, cancellationToken);
            // Terminal errors are an outcome; everything else goes back to the runtime's backoff.
            if (error.Class == ErrorClass.Terminal)
                return result;
            throw;
        }
    }

    private static PassOutcome Invalid(IReadOnlyList<FieldError> errors) =>
        PassOutcome.Stalled(ConditionReasons.InvalidSpec, string.Join("; ", errors)) with { DriftVerdict = DriftVerdict.NotCompared };

    /// <summary>The kind's AWS-side validation, skipped for a generation that passed it already (drift passes
    /// cost no lookups). Errors are not remembered: an object stalled on them is looked at again when it changes
    /// or a reconcile is requested, and the ids may exist by then.</summary>
    private async Task<IReadOnlyList<FieldError>> ValidateWithAwsAsync(TResource resource, CancellationToken cancellationToken)
    {
        var uid = resource.Metadata.Uid ?? "";
        var generation = resource.Metadata.Generation ?? 0;
        if (_validated.TryGetValue(uid, out var passed) && passed == generation)
            return [];
        var errors = await kind.ValidateWithAwsAsync(resource, cancellationToken);
        if (errors.Count == 0)
            _validated[uid] = generation;
        else
            _validated.TryRemove(uid, out _);
        return errors;
    }

    private async Task<PassOutcome> DecideAndActAsync(
        TResource resource, PassPolicy policy, Observation<TState> observation, Operation? landed, CancellationToken cancellationToken)
    {
        var state = observation.State!;
        var differences = kind.Compare(state);
        var decision = Decision.Decide(policy, new Sighting(observation.Exists, observation.Ownership, differences) { InProgress = observation.InProgress }, observation.Subject);
        var outcome = new PassOutcome(decision.State, decision.Reason, decision.Message)
        {
            Drift = differences,
            Observed = true,
            InSync = differences.Count == 0 && decision.State != PassState.Stalled,
            DriftVerdict = decision.IsDrift ? DriftVerdict.Drifted
                : differences.Count == 0 ? (landed?.CorrectedDrift is not null ? DriftVerdict.Corrected : DriftVerdict.Clear)
                : DriftVerdict.Unchanged,
        };
        if (decision.IsDrift && IsNewDrift(resource.Status?.Drift, differences))
            await events.DriftDetectedAsync(resource, Drift.Describe(differences), cancellationToken);
        if (decision.State == PassState.Stalled)
            await events.ErrorAsync(resource, decision.Reason, decision.Message, cancellationToken);

        if (decision.Write is not { } write)
            return outcome.State == PassState.Ready && observation.Settling is { } settling
                ? outcome with { State = PassState.Progressing, Reason = ConditionReasons.Updating, Message = settling }
                : outcome;

        var acted = await kind.ActAsync(resource, state, write, differences, cancellationToken);
        if (acted.Submitted is { } submitted)
        {
            operations.Add(resource.Metadata.Uid ?? "", submitted with { CorrectedDrift = decision.IsDrift ? Drift.Describe(differences) : null });
            return outcome with { Message = decision.Message + ": submitted" };
        }
        if (acted.Applied is { } applied)
        {
            await events.AwsWriteAsync(resource, applied.Reason, applied.Message, cancellationToken);
            if (decision.IsDrift)
                await events.DriftCorrectedAsync(resource, Drift.Describe(differences), cancellationToken);
        }
        // The next pass reads AWS again and confirms.
        return outcome with { DriftVerdict = decision.IsDrift ? DriftVerdict.Corrected : outcome.DriftVerdict };
    }

    /// <summary>The Events of an operation an earlier pass handed off; a failed one fails this pass (classified, retried).</summary>
    private async Task<Operation?> CollectAsync(TResource resource, Operation? landed, CancellationToken cancellationToken)
    {
        if (landed is null)
            return null;
        var result = await landed.Completion;
        await events.AwsWriteAsync(resource, landed.EventReason, $"{landed.Description} ({Identify(result)})", cancellationToken);
        if (landed.CorrectedDrift is { } corrected)
            await events.DriftCorrectedAsync(resource, corrected, cancellationToken);
        return landed;
    }

    private static string Identify(OperationResult? result) => result?.Id is { } id ? $"change {id}" : "already applied";

    public async Task<ReconcileResult> CleanupAsync(TResource resource, CancellationToken cancellationToken)
    {
        var result = await CleanupOnceAsync(resource, cancellationToken);
        if (result.IsDone)
        {
            _written.Forget(resource.Metadata.Uid ?? "");
            _validated.TryRemove(resource.Metadata.Uid ?? "", out _);
        }
        return result;
    }

    private async Task<ReconcileResult> CleanupOnceAsync(TResource resource, CancellationToken cancellationToken)
    {
        var uid = resource.Metadata.Uid ?? "";
        // A write still in flight would land after the cleanup looked and be left behind.
        if (operations.IsRunning(uid))
            return ReconcileResult.RequeueAfter(timing.PollInterval);
        if (operations.TakeFinished(uid) is { } finished)
        {
            var result = await finished.Completion;
            await events.AwsWriteAsync(resource, finished.EventReason, $"{finished.Description} ({Identify(result)})", cancellationToken);
            if (finished.EventReason == Deleted)
                return ReconcileResult.Done;
        }
        var spec = resource.Spec;
        if (spec.DeletionPolicy == DeletionPolicy.Retain || spec.ManagementPolicy == ManagementPolicy.ObserveOnly)
            return ReconcileResult.Done;
        if (PassPolicy.IsPaused(resource.Metadata))
            return ReconcileResult.RequeueAfter(timing.DriftInterval);
        // An object that was never valid made nothing; one edited to an invalid spec after AWS had
        // matched it may have: its cleanup is tried (it deletes only what carries our claim), and a
        // failure then is reported rather than holding the deletion forever.
        var invalid = kind.Validate(resource).Count > 0;
        if (invalid && resource.Status?.SyncedGeneration is null)
            return ReconcileResult.Done;
        if (Dependents.Describe(usedBy ?? [], resource.Metadata.NamespaceProperty, resource.Metadata.Name) is { } users)
        {
            // Polled rather than watched: a user's deletion takes as long as its AWS cleanup.
            await events.ErrorAsync(resource, WaitingForUsers, $"not deleting yet: {users} still use it; delete them first", cancellationToken);
            return ReconcileResult.RequeueAfter(timing.PollInterval);
        }

        CleanupResult cleanup;
        try
        {
            cleanup = await kind.CleanupAsync(resource, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // kubectl describe tells why the object is not going away; the runtime retries.
            var reason = AwsErrors.Classify(exception).Reason;
            if (invalid)
            {
                await events.ErrorAsync(resource, reason, "deleting with an invalid spec, AWS resources may remain: " + exception.Message, cancellationToken);
                return ReconcileResult.Done;
            }
            await events.ErrorAsync(resource, reason, "deleting: " + exception.Message, cancellationToken);
            throw;
        }
        if (cleanup.Submitted is { } submitted)
        {
            operations.Add(uid, submitted);
            return ReconcileResult.RequeueAfter(timing.PollInterval);
        }
        return cleanup.Finished ? ReconcileResult.Done : ReconcileResult.RequeueAfter(cleanup.RetryAfter ?? timing.PollInterval);
    }

    /// <summary>The Event reason of a deletion held while other objects use this one.</summary>
    public const string WaitingForUsers = "InUse";

    /// <summary>The Event reason of a cleanup's operation.</summary>
    public const string Deleted = "Deleted";

    private async Task<ReconcileResult> FinishAsync(
        TResource resource, PassPolicy policy, PassOutcome given, TState? state, CancellationToken cancellationToken)
    {
        if (given.State == PassState.Stalled && given.Reason == ConditionReasons.InvalidSpec)
            await events.ErrorAsync(resource, given.Reason, given.Message, cancellationToken);
        var stored = await WriteStatusAsync(resource, policy, given, state, cancellationToken);
        var outcome = kind.Reconsider(given, state, stored.Status);
        return outcome.State switch
        {
            PassState.Stalled => ReconcileResult.Stalled(outcome.Reason == ConditionReasons.NotOwned ? timing.NotOwnedRecheck : null),
            PassState.Progressing when !outcome.WakesOnWatch => ReconcileResult.RequeueAfter(timing.PollInterval),
            _ => ReconcileResult.Done,
        };
    }

    private async Task<TResource> WriteStatusAsync(TResource resource, PassPolicy policy, PassOutcome given, TState? state, CancellationToken cancellationToken)
    {
        var stored = await WriteStatusOnceAsync(resource, policy, given, state, cancellationToken);
        if (stored.Status is { } status)
            _written.Remember(resource.Metadata.Uid ?? "", status);
        return stored;
    }

    private Task<TResource> WriteStatusOnceAsync(TResource resource, PassPolicy policy, PassOutcome given, TState? state, CancellationToken cancellationToken)
    {
        // Kubernetes times have whole seconds (metav1.Time); finer ones fail date-time validation.
        var clock = time.GetUtcNow();
        var now = new DateTimeOffset(clock.Ticks - clock.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        // The generation this pass compared AWS with; a conflict may bring a newer object.
        var generation = resource.Metadata.Generation;
        return statusWriter.WriteAsync(resource, runtimeKind, current =>
        {
            var previous = current.Status;
            var outcome = kind.Reconsider(given, state, previous);
            var drift = outcome.Drift?.Select(entry => entry with
            {
                DetectedAt = previous?.Drift?.FirstOrDefault(p => p.Path == entry.Path && p.Actual == entry.Actual)?.DetectedAt ?? now.UtcDateTime,
            }).ToList();
            var conditions = PassOutcome.Merge(
                previous?.Conditions,
                outcome.Conditions(previous?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Drifted)),
                generation,
                now);
            ResourceStatus status = kind.Status(previous, state);
            var next = status with
            {
                Conditions = conditions,
                Drift = drift is null ? previous?.Drift : drift.Count == 0 ? null : drift,
                LastSyncedTime = outcome.Observed ? now.UtcDateTime : previous?.LastSyncedTime,
                SyncedGeneration = outcome.InSync ? generation : previous?.SyncedGeneration,
                LastHandledReconcileAt = policy.RequestToRecord,
                ObservedGeneration = generation,
            };
            // A pass that found nothing new leaves lastSyncedTime until the heartbeat is due: no write at all.
            if (outcome.Observed && previous?.LastSyncedTime is { } last && now.UtcDateTime - last < timing.SyncedTimeHeartbeat
                && KubernetesJson.Serialize(next with { LastSyncedTime = last }) == KubernetesJson.Serialize(previous))
                next = next with { LastSyncedTime = last };
            current.Status = (TStatus)next;
            return current;
        }, generation, cancellationToken);
    }

    /// <summary>Drift is announced once: when a difference (path and value found) was not in status before.</summary>
    private static bool IsNewDrift(IReadOnlyList<DriftEntry>? before, IReadOnlyList<DriftEntry> now) =>
        now.Any(entry => before?.Any(old => old.Path == entry.Path && old.Actual == entry.Actual) != true);
}
