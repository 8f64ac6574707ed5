using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
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
/// </summary>
internal sealed partial class DnsRecordReconciler(
    HostedZones zones,
    ChangeTracker changes,
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
    }

    public async Task<ReconcileResult> ReconcileAsync(DnsRecord record, CancellationToken cancellationToken)
    {
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
            outcome = await PassAsync(record, policy, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var error = AwsErrors.Classify(exception);
            Log.PassFailed(logger, exception, record.Metadata.NamespaceProperty, record.Metadata.Name);
            await events.ErrorAsync(record, error.Reason, exception.Message, cancellationToken);
            await WriteStatusAsync(record, policy, new Outcome(error.State, error.Reason, exception.Message), cancellationToken);
            if (error.Class == ErrorClass.Terminal)
                throw new TerminalException(exception.Message, exception);
            throw;
        }
        await WriteStatusAsync(record, policy, outcome, cancellationToken);
        return outcome.State == PassState.Progressing ? ReconcileResult.RequeueAfter(options.ChangePollInterval) : ReconcileResult.Done;
    }

    private async Task<Outcome> PassAsync(DnsRecord record, PassPolicy policy, CancellationToken cancellationToken)
    {
        var spec = record.Spec;
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
            return await SettledAsync(record, withDrift, cancellationToken);

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

        var info = await zone.Batcher.SubmitAsync(new ChangeGroup(group), cancellationToken);
        var (reason, what) = (observed, adopting, correcting) switch
        {
            (null, _, _) => (ConditionReasons.Creating, "Created"),
            (_, true, _) => (ConditionReasons.Updating, "Adopted"),
            _ => (ConditionReasons.Updating, "Updated"),
        };
        await events.AwsWriteAsync(record, what, $"{what} {fqdn} {spec.Type} in zone {zone.Zone.Name} (change {info?.Id ?? "already applied"})", cancellationToken);
        if (correcting || (ours && observed is null && drift.Count > 0))
            await events.DriftCorrectedAsync(record, driftMessage, cancellationToken);
        var written = withDrift with
        {
            Drift = [],
            Drifted = drift.Count > 0 ? ConditionSet.NotDrifted(ConditionReasons.DriftCorrected, driftMessage) : ConditionSet.NotDrifted(),
            Change = info,
        };
        return info is { Status: ChangeStatus.Pending }
            ? written with { State = PassState.Progressing, Reason = reason, Message = $"change {info.Id} is PENDING", ChangeStatus = "PENDING" }
            : written with { State = PassState.Ready, Reason = ConditionReasons.InSync, Message = "the record set matches the spec", ChangeStatus = info is null ? null : "INSYNC" };
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
                return outcome with { State = PassState.Progressing, Reason = ConditionReasons.Updating, Message = $"change {changeId} is PENDING", ChangeStatus = "PENDING" };
            return outcome with { State = PassState.Ready, Reason = ConditionReasons.InSync, Message = "the record set matches the spec", ChangeStatus = "INSYNC" };
        }
        return outcome with { State = PassState.Ready, Reason = ConditionReasons.Available, Message = "the record set matches the spec", ChangeStatus = record.Status?.ChangeStatus };
    }

    public async Task<ReconcileResult> CleanupAsync(DnsRecord record, CancellationToken cancellationToken)
    {
        var spec = record.Spec;
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
        await zone.Records.ObserveAsync(forceRefresh: true, cancellationToken);
        var mark = zone.Records.Find(markKey);
        if (mark is null || OwnershipRecord.Parse(mark.Values) is not { } claimedBy
            || claimedBy.ClusterId != identity.ClusterId || claimedBy.Owner != owner)
            return ReconcileResult.Done;

        var group = new List<RecordChange>();
        if (zone.Records.Find(new RecordKey(fqdn, spec.Type.ToString(), spec.SetIdentifier)) is { } observed)
            group.Add(new RecordChange(ChangeAction.Delete, observed));
        group.Add(new RecordChange(ChangeAction.Delete, mark));
        var info = await zone.Batcher.SubmitAsync(new ChangeGroup(group), cancellationToken);
        await events.AwsWriteAsync(record, "Deleted", $"Deleted {fqdn} {spec.Type} and its ownership record (change {info?.Id ?? "already applied"})", cancellationToken);
        return ReconcileResult.Done;
    }

    private Task WriteStatusAsync(DnsRecord record, PassPolicy policy, Outcome outcome, CancellationToken cancellationToken)
    {
        // Kubernetes times have whole seconds (metav1.Time); finer ones fail date-time validation.
        var clock = time.GetUtcNow();
        var now = new DateTimeOffset(clock.Ticks - clock.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return statusWriter.WriteAsync(record, Kind, current =>
        {
            var previous = current.Status;
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
