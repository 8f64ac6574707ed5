using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Errors;
using Gureum.Aws.Route53;
using Gureum.Controllers.Common;
using Gureum.Runtime;
using Gureum.Runtime.Cache;
using Gureum.Runtime.Status;
using Microsoft.Extensions.Logging;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Controllers.DnsRecords;

/// <summary>
/// Keeps one Route53 record set equal to a DnsRecord: validate -> observe (the zone's shared
/// listing) -> compare (the drift list) -> act (through the zone's change batcher) -> status once.
/// A pass that writes does not wait for the batch: it returns Reconciling and the record's next
/// pass collects the batch's answer (events, change id), then follows the change until INSYNC.
/// </summary>
internal sealed partial class DnsRecordReconciler(
    HostedZones zones,
    ChangeTracker changes,
    InFlightChanges inFlight,
    IResourceCache<LoadBalancer>? loadBalancers,
    StatusWriter statusWriter,
    ResourceEvents events,
    OperatorIdentity identity,
    GureumControllerOptions options,
    TimeProvider time,
    ILogger<DnsRecordReconciler> logger) : IReconciler<DnsRecord>
{
    public static RuntimeKind Kind { get; } = new(GureumApi.Group, GureumApi.Version, DnsRecord.Definition.Plural, DnsRecord.KindName);

    /// <summary>The outcome of one pass, turned into status in one place.</summary>
    private sealed record Outcome(PassState State, string Reason, string Message)
    {
        public Condition Drifted { get; init; } = ConditionSet.NotDrifted();
        public IReadOnlyList<DriftEntry>? Drift { get; init; }
        public string? Fqdn { get; init; }
        public string? HostedZoneId { get; init; }
        public ChangeInfo? Change { get; init; }
        public string? ChangeStatus { get; init; }
        public bool Synced { get; init; }

        /// <summary>The pass knows the change state (it wrote, or asked GetChange); otherwise a PENDING change in status still needs following.</summary>
        public bool ChangeChecked { get; init; }
    }

    public async Task<ReconcileResult> ReconcileAsync(DnsRecord record, CancellationToken cancellationToken)
    {
        var uid = record.Metadata.Uid ?? "";
        if (inFlight.IsRunning(uid))
            return ReconcileResult.RequeueAfter(options.ChangePollInterval);
        var landed = inFlight.TakeFinished(uid);
        var policy = PolicyGate.Decide(record.Spec, record.Metadata, record.Status);
        var errors = DnsRecordValidator.Validate(record.Spec);
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors);
            await events.ErrorAsync(record, ConditionReasons.InvalidSpec, message, cancellationToken);
            await WriteStatusAsync(record, policy, new Outcome(PassState.Stalled, ConditionReasons.InvalidSpec, message), cancellationToken);
            return ReconcileResult.Done;
        }

        Outcome outcome;
        try
        {
            outcome = await PassAsync(record, policy, landed, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (exception is AwsException { Kind: AwsErrorKind.NotFound })
                zones.Forget(record.Spec.Zone);
            var error = AwsErrors.Classify(exception);
            Log.PassFailed(logger, exception, record.Metadata.NamespaceProperty, record.Metadata.Name);
            await events.ErrorAsync(record, error.Reason, exception.Message, cancellationToken);
            await WriteStatusAsync(record, policy, new Outcome(error.State, error.Reason, exception.Message), cancellationToken);
            if (error.Class == ErrorClass.Terminal)
                throw new TerminalException(exception.Message, exception);
            throw;
        }
        var stored = await WriteStatusAsync(record, policy, outcome, cancellationToken);
        return stored.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Reconciling && c.Status == ConditionStatus.True) == true
            ? ReconcileResult.RequeueAfter(options.ChangePollInterval)
            : ReconcileResult.Done;
    }

    private async Task<Outcome> PassAsync(DnsRecord record, PassPolicy policy, Submission? landed, CancellationToken cancellationToken)
    {
        var spec = record.Spec;
        // A failed batch fails this pass as the write itself would have (classified, retried).
        var landedInfo = landed is null ? null : await landed.Result;
        if (landed is not null)
        {
            await events.AwsWriteAsync(record, landed.What, $"{landed.Description} (change {landedInfo?.Id ?? "already applied"})", cancellationToken);
            if (landed.CorrectedDrift is { } corrected)
                await events.DriftCorrectedAsync(record, corrected, cancellationToken);
        }
        var zone = await zones.GetAsync(spec.Zone, cancellationToken);
        var qualified = DnsNames.Qualify(spec.Name, zone.Zone.Name);
        if (!qualified.IsValid)
            return new Outcome(PassState.Stalled, ConditionReasons.InvalidSpec, "spec.name: " + qualified.Error);
        var fqdn = qualified.Fqdn!;
        var located = new Outcome(PassState.Ready, "", "") { Fqdn = fqdn, HostedZoneId = zone.Zone.Id };

        AliasTarget? alias = null;
        if (spec.Alias?.LoadBalancerRef is { } reference)
        {
            var balancer = loadBalancers?.Get(new ObjectKey(record.Metadata.NamespaceProperty, reference.Name));
            if (balancer?.Status is not { DnsName.Length: > 0, CanonicalHostedZoneId.Length: > 0 } ready)
                return located with
                {
                    State = PassState.Waiting, Reason = ConditionReasons.DependencyNotReady,
                    Message = $"LoadBalancer {reference.Name} has no DNS name yet",
                };
            alias = new AliasTarget(ready.CanonicalHostedZoneId!, ready.DnsName!, spec.Alias.EvaluateTargetHealth);
        }
        else if (spec.Alias is { } target)
        {
            alias = new AliasTarget(target.HostedZoneId!, target.DnsName!, target.EvaluateTargetHealth);
        }

        var owner = OperatorIdentity.Owner(record.Metadata.NamespaceProperty, DnsRecord.KindName, record.Metadata.Name);
        var desired = DesiredRecord.From(spec, fqdn, zone.Zone.Name, alias, OwnershipRecord.Value(identity.ClusterId, owner));
        await zone.Records.ObserveAsync(policy.RequestedNow, cancellationToken);
        var observed = zone.Records.Find(RecordKey.Of(desired.RecordSet));
        var mark = zone.Records.Find(RecordKey.Of(desired.Ownership));
        var claimedBy = mark is null ? null : OwnershipRecord.Parse(mark.Values);
        var ours = claimedBy is not null && claimedBy.ClusterId == identity.ClusterId && claimedBy.Owner == owner;
        var drift = observed is null && !ours ? [] : RecordComparer.Compare(desired.RecordSet, observed);
        var driftMessage = string.Join("; ", drift.Select(d => $"{d.Path}: want {d.Desired}, found {d.Actual}"));
        var withDrift = located with
        {
            Drift = drift,
            Drifted = drift.Count > 0 ? ConditionSet.DriftedReported(driftMessage) : ConditionSet.NotDrifted(),
            Synced = true,
        };

        if (spec.ManagementPolicy == ManagementPolicy.ObserveOnly)
        {
            if (drift.Count > 0)
                await events.DriftDetectedAsync(record, driftMessage, cancellationToken);
            return observed is null
                ? withDrift with { State = PassState.Waiting, Reason = ConditionReasons.NotFound, Message = $"{fqdn} {spec.Type} does not exist (ObserveOnly)" }
                : drift.Count > 0
                    ? withDrift with { State = PassState.Waiting, Reason = ConditionReasons.DriftReported, Message = "ObserveOnly: " + driftMessage }
                    : withDrift with { State = PassState.Ready, Reason = ConditionReasons.ObserveOnly, Message = "the record set matches the spec (ObserveOnly)" };
        }

        if (mark is not null && !ours)
        {
            var who = claimedBy?.ToString() ?? $"an unrecognised TXT record at {desired.Ownership.Name}";
            return withDrift with { State = PassState.Stalled, Reason = ConditionReasons.NotOwned, Message = $"{fqdn} {spec.Type} is owned by {who}" };
        }

        var adopting = observed is not null && mark is null;
        if (adopting && !policy.MayAdopt)
            return withDrift with
            {
                State = PassState.Stalled, Reason = ConditionReasons.NotOwned,
                Message = $"{fqdn} {spec.Type} exists and is not managed by Gureum; annotate {Annotations.Adopt}: \"true\" to take it over",
            };

        var group = Plan(desired, observed, mark, drift);
        if (group.Count == 0)
            return landed is null
                ? await SettledAsync(record, withDrift, cancellationToken)
                : await LandedAsync(withDrift, landed, landedInfo, cancellationToken);

        if (!policy.MayWrite)
        {
            if (drift.Count > 0)
                await events.DriftDetectedAsync(record, driftMessage, cancellationToken);
            return withDrift with { State = PassState.Waiting, Reason = policy.BlockedReason!, Message = $"writes are blocked ({policy.BlockedReason})" + Suffix(driftMessage) };
        }
        var correcting = ours && observed is not null && drift.Count > 0;
        if (correcting || (ours && observed is null))
        {
            await events.DriftDetectedAsync(record, driftMessage, cancellationToken);
            if (!policy.MayCorrectDrift)
                return withDrift with { State = PassState.Waiting, Reason = ConditionReasons.DriftReported, Message = "driftPolicy Report: " + driftMessage };
        }

        var (reason, what) = (observed, adopting, correcting) switch
        {
            (null, _, _) => (ConditionReasons.Creating, "Created"),
            (_, true, _) => (ConditionReasons.Updating, "Adopted"),
            _ => (ConditionReasons.Updating, "Updated"),
        };
        // The batch serves many records: no single pass's token may withdraw its changes half-way.
        var submitted = zone.Batcher.SubmitAsync(new ChangeGroup(group), CancellationToken.None);
        var corrects = correcting || (ours && observed is null && drift.Count > 0);
        inFlight.Add(record.Metadata.Uid ?? "", new Submission(
            submitted, what, $"{what} {fqdn} {spec.Type} in zone {zone.Zone.Name}", corrects ? driftMessage : null));
        return withDrift with { State = PassState.Progressing, Reason = reason, Message = "changes submitted; waiting for the zone's batch" };
    }

    /// <summary>The pass after a write: the batch carried it; report its change (followed until INSYNC).</summary>
    private async Task<Outcome> LandedAsync(Outcome outcome, Submission landed, ChangeInfo? info, CancellationToken cancellationToken)
    {
        var written = outcome with
        {
            Drift = [],
            Drifted = landed.CorrectedDrift is { } corrected ? ConditionSet.NotDrifted(ConditionReasons.DriftCorrected, corrected) : ConditionSet.NotDrifted(),
            Change = info,
            ChangeChecked = true,
        };
        if (info is null)
            return written with { State = PassState.Ready, Reason = ConditionReasons.InSync, Message = "the record set matches the spec" };
        var status = info.Status == ChangeStatus.Pending ? await changes.StatusAsync(info.Id, cancellationToken) : info.Status;
        var reason = landed.What == "Created" ? ConditionReasons.Creating : ConditionReasons.Updating;
        return status == ChangeStatus.Pending
            ? written with { State = PassState.Progressing, Reason = reason, Message = $"change {info.Id} is PENDING", ChangeStatus = "PENDING" }
            : written with { State = PassState.Ready, Reason = ConditionReasons.InSync, Message = "the record set matches the spec", ChangeStatus = "INSYNC" };
    }

    /// <summary>The smallest changes: none when AWS already matches; the mark rides in the same batch.</summary>
    private static List<RecordChange> Plan(DesiredRecord desired, ResourceRecordSet? observed, ResourceRecordSet? mark, IReadOnlyList<DriftEntry> drift)
    {
        var group = new List<RecordChange>();
        if (observed is null)
            group.Add(new RecordChange(mark is null ? ChangeAction.Create : ChangeAction.Upsert, desired.RecordSet));
        else if (drift.Count > 0)
            group.Add(new RecordChange(ChangeAction.Upsert, desired.RecordSet));
        if (mark is null)
            group.Add(new RecordChange(ChangeAction.Create, desired.Ownership));
        return group;
    }

    /// <summary>Nothing to write: follow the last change until INSYNC.</summary>
    private async Task<Outcome> SettledAsync(DnsRecord record, Outcome outcome, CancellationToken cancellationToken)
    {
        if (record.Status is { ChangeId: { } changeId, ChangeStatus: "PENDING" })
        {
            var status = await changes.StatusAsync(changeId, cancellationToken);
            if (status == ChangeStatus.Pending)
                return outcome with { State = PassState.Progressing, Reason = ConditionReasons.Updating, Message = $"change {changeId} is PENDING", ChangeStatus = "PENDING", ChangeChecked = true };
            return outcome with { State = PassState.Ready, Reason = ConditionReasons.InSync, Message = "the record set matches the spec", ChangeStatus = "INSYNC", ChangeChecked = true };
        }
        return outcome with { State = PassState.Ready, Reason = ConditionReasons.Available, Message = "the record set matches the spec", ChangeStatus = record.Status?.ChangeStatus };
    }

    public async Task<ReconcileResult> CleanupAsync(DnsRecord record, CancellationToken cancellationToken)
    {
        var spec = record.Spec;
        // A create still in its batch would land after the listing below and be left behind.
        var uid = record.Metadata.Uid ?? "";
        if (inFlight.IsRunning(uid))
            return ReconcileResult.RequeueAfter(options.ChangePollInterval);
        if (inFlight.TakeFinished(uid) is { What: Deleted } deleted)
        {
            // A failed delete fails this pass (retried); a successful one ends the cleanup.
            var deletedInfo = await deleted.Result;
            await events.AwsWriteAsync(record, Deleted, $"{deleted.Description} (change {deletedInfo?.Id ?? "already applied"})", cancellationToken);
            return ReconcileResult.Done;
        }
        if (spec.DeletionPolicy == DeletionPolicy.Retain || spec.ManagementPolicy == ManagementPolicy.ObserveOnly)
            return ReconcileResult.Done;
        if (PolicyGate.IsPaused(record.Metadata))
            return ReconcileResult.RequeueAfter(options.DriftInterval);
        if (DnsRecordValidator.Validate(spec).Count > 0)
            return ReconcileResult.Done;

        ZoneContext zone;
        try
        {
            zone = await zones.GetAsync(spec.Zone, cancellationToken);
        }
        catch (ZoneNotFoundException)
        {
            return ReconcileResult.Done;
        }
        var fqdn = DnsNames.Qualify(spec.Name, zone.Zone.Name).Fqdn;
        if (fqdn is null)
            return ReconcileResult.Done;
        var owner = OperatorIdentity.Owner(record.Metadata.NamespaceProperty, DnsRecord.KindName, record.Metadata.Name);
        var markKey = new RecordKey(OwnershipRecord.NameFor(fqdn, zone.Zone.Name, spec.Type), "TXT", spec.SetIdentifier);
        // Deletions in a burst share one recent listing; a DELETE must match the set exactly, so a
        // mark taken over out of band since is refused by Route53 (and re-observed), never deleted.
        await zone.Records.ObserveWithinAsync(options.ChangePollInterval, cancellationToken);
        var mark = zone.Records.Find(markKey);
        if (mark is null || OwnershipRecord.Parse(mark.Values) is not { } claimedBy
            || claimedBy.ClusterId != identity.ClusterId || claimedBy.Owner != owner)
            return ReconcileResult.Done;

        var group = new List<RecordChange>();
        if (zone.Records.Find(new RecordKey(fqdn, spec.Type.ToString(), spec.SetIdentifier)) is { } observed)
            group.Add(new RecordChange(ChangeAction.Delete, observed));
        group.Add(new RecordChange(ChangeAction.Delete, mark));
        var submitted = zone.Batcher.SubmitAsync(new ChangeGroup(group), CancellationToken.None);
        inFlight.Add(uid, new Submission(submitted, Deleted, $"Deleted {fqdn} {spec.Type} and its ownership record", null));
        return ReconcileResult.RequeueAfter(options.ChangePollInterval);
    }

    private const string Deleted = "Deleted";

    private Task<DnsRecord> WriteStatusAsync(DnsRecord record, PassPolicy policy, Outcome given, CancellationToken cancellationToken)
    {
        // Kubernetes times have whole seconds (metav1.Time); finer ones fail date-time validation.
        var clock = time.GetUtcNow();
        var now = new DateTimeOffset(clock.Ticks - clock.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return statusWriter.WriteAsync(record, Kind, current =>
        {
            var previous = current.Status;
            var outcome = given;
            // The cached object this pass started from may predate our last write: a change the
            // fresh status still shows PENDING is followed, not declared done.
            if (!given.ChangeChecked && given.State == PassState.Ready && previous is { ChangeStatus: "PENDING", ChangeId: { } pendingId })
                outcome = given with { State = PassState.Progressing, Reason = ConditionReasons.Updating, Message = $"change {pendingId} is PENDING" };
            var drift = outcome.Drift?.Select(entry => entry with
            {
                DetectedAt = previous?.Drift?.FirstOrDefault(p => p.Path == entry.Path && p.Actual == entry.Actual)?.DetectedAt ?? now.UtcDateTime,
            }).ToList();
            var conditions = ConditionSet.Merge(
                previous?.Conditions, ConditionSet.For(outcome.State, outcome.Reason, outcome.Message, outcome.Drifted), current.Metadata.Generation, now);
            current.Status = new DnsRecordStatus
            {
                Conditions = conditions,
                Fqdn = outcome.Fqdn ?? previous?.Fqdn,
                HostedZoneId = outcome.HostedZoneId ?? previous?.HostedZoneId,
                ChangeId = outcome.Change?.Id ?? previous?.ChangeId,
                ChangeStatus = outcome.ChangeStatus ?? previous?.ChangeStatus,
                Drift = drift is null ? previous?.Drift : drift.Count == 0 ? null : drift,
                LastSyncedTime = outcome.Synced ? now.UtcDateTime : previous?.LastSyncedTime,
                LastHandledReconcileAt = policy.RequestToRecord,
                ObservedGeneration = current.Metadata.Generation,
            };
            return current;
        }, cancellationToken);
    }

    private static string Suffix(string driftMessage) => driftMessage.Length == 0 ? "" : "; drift: " + driftMessage;

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Warning, "DnsRecord {Namespace}/{Name}: pass failed")]
        public static partial void PassFailed(ILogger logger, Exception exception, string? @namespace, string name);
    }
}
