using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Errors;
using Gureum.Aws.Route53;
using Gureum.Controllers.Common;
using Gureum.Runtime.Cache;

namespace Gureum.Controllers.DnsRecords;

/// <summary>What one pass saw of a DnsRecord in Route53.</summary>
internal sealed record DnsState(
    ZoneContext Zone,
    string Fqdn,
    DesiredRecord Desired,
    ResourceRecordSet? Observed,
    ResourceRecordSet? Mark,
    OperationResult? Change);

/// <summary>
/// DnsRecord on the managed-resource kit: observe through the zone's shared listing, compare the
/// record set, act through the zone's change batcher (the write is handed off and collected by the
/// next pass), follow the change until INSYNC. Ownership is the companion TXT mark.
/// </summary>
internal sealed class DnsRecordKind(
    HostedZones zones,
    ChangeTracker changes,
    IResourceCache<LoadBalancer>? loadBalancers,
    OperatorIdentity identity,
    GureumControllerOptions options) : IManagedKind<DnsRecord, DnsRecordSpec, DnsRecordStatus, DnsState>
{
    public string KindName => DnsRecord.KindName;

    public IReadOnlyList<FieldError> Validate(DnsRecord resource) => DnsRecordValidator.Validate(resource.Spec);

    public async Task<Observation<DnsState>> ObserveAsync(DnsRecord record, PassContext pass, CancellationToken cancellationToken)
    {
        var spec = record.Spec;
        ZoneContext zone;
        try
        {
            zone = await zones.GetAsync(spec.Zone, cancellationToken);
        }
        catch (AwsException notFound) when (notFound.Kind == AwsErrorKind.NotFound)
        {
            zones.Forget(spec.Zone);
            throw;
        }
        var qualified = DnsNames.Qualify(spec.Name, zone.Zone.Name);
        if (!qualified.IsValid)
            return Observe.Stopped<DnsState>(PassOutcome.Stalled(ConditionReasons.InvalidSpec, "spec.name: " + qualified.Error));
        var fqdn = qualified.Fqdn!;

        AliasTarget? alias = null;
        if (spec.Alias?.LoadBalancerRef is { } reference)
        {
            var balancer = References.Resolve(loadBalancers, record, reference, lb =>
                lb.Status is { DnsName.Length: > 0, CanonicalHostedZoneId.Length: > 0 } ? null : "it has no DNS name yet");
            if (!balancer.IsReady)
                return References.Waiting<DnsState, LoadBalancer>(balancer, LoadBalancer.KindName, reference);
            var ready = balancer.Target!.Status!;
            alias = new AliasTarget(ready.CanonicalHostedZoneId!, ready.DnsName!, spec.Alias.EvaluateTargetHealth);
        }
        else if (spec.Alias is { } target)
        {
            alias = new AliasTarget(target.HostedZoneId!, target.DnsName!, target.EvaluateTargetHealth);
        }

        var claim = OwnerClaim.For(identity, record.Metadata.NamespaceProperty, DnsRecord.KindName, record.Metadata.Name);
        var desired = DesiredRecord.From(spec, fqdn, zone.Zone.Name, alias, OwnershipRecord.Value(claim.ClusterId, claim.Owner));
        if (!IsNewAndAbsent(record, pass, zone.Records, desired))
            await zone.Records.ObserveAsync(pass.RequestedNow, cancellationToken);
        var observed = zone.Records.Find(RecordKey.Of(desired.RecordSet));
        var mark = zone.Records.Find(RecordKey.Of(desired.Ownership));
        var ownership = mark is null
            ? Ownership.NotManaged
            : OwnershipRecord.Parse(mark.Values) is { } claimed
                ? claim.Classify(new OwnerClaim(claimed.ClusterId, claimed.Owner))
                : Ownership.SomeoneElse($"an unrecognised TXT record at {desired.Ownership.Name}");
        var change = await FollowChangeAsync(record.Status, pass.Landed, cancellationToken);
        var state = new DnsState(zone, fqdn, desired, observed, mark, change);
        // No record and no mark: nothing to own yet (a record of ours removed out of band keeps its mark).
        var sighting = observed is null && mark is null ? null : ownership;
        return Observe.Found(state, $"{fqdn} {spec.Type}", observed is not null, sighting) with
        {
            Settling = change is { Status: "PENDING" } pending ? $"change {pending.Id} is PENDING" : null,
        };
    }

    /// <summary>
    /// An object's first pass, for a record and mark the zone's last listing (of any age) does not hold,
    /// plans from that listing without reading the zone again: its changes are CREATEs, which Route53
    /// refuses for a set that exists, and the batcher then reads the zone and fails the pass as planned
    /// on a stale view (retried, and then found not ours). Nothing is overwritten or duplicated, and a new
    /// object's first status does not wait behind a zone listing (seven pages at 2,000 sets, paid from
    /// Route53's shared rate).
    /// </summary>
    private static bool IsNewAndAbsent(DnsRecord record, PassContext pass, ZoneRecords records, DesiredRecord desired) =>
        !pass.RequestedNow && pass.Landed is null && record.Status?.ObservedGeneration is null && records.HasListing
        && records.Find(RecordKey.Of(desired.RecordSet)) is null && records.Find(RecordKey.Of(desired.Ownership)) is null;

    /// <summary>The last change of this record as checked now: the one a landed write returned, or a PENDING one status names, polled; null when nothing was checked.</summary>
    private async Task<OperationResult?> FollowChangeAsync(DnsRecordStatus? status, Operation? landed, CancellationToken cancellationToken)
    {
        if (landed is not null)
        {
            var result = await landed.Completion;
            if (result?.Id is not { } id)
                return null;
            return result.Status == "PENDING" ? new OperationResult(id, await StatusOfAsync(id, cancellationToken)) : result;
        }
        if (status is { ChangeId: { } changeId, ChangeStatus: "PENDING" })
            return new OperationResult(changeId, await StatusOfAsync(changeId, cancellationToken));
        return null;
    }

    private async Task<string> StatusOfAsync(string changeId, CancellationToken cancellationToken) =>
        await changes.StatusAsync(changeId, cancellationToken) == ChangeStatus.Pending ? "PENDING" : "INSYNC";

    public IReadOnlyList<DriftEntry> Compare(DnsState state) => RecordComparer.Compare(state.Desired.RecordSet, state.Observed);

    public Task<ActResult> ActAsync(DnsRecord record, DnsState state, WriteKind write, IReadOnlyList<DriftEntry> differences, CancellationToken cancellationToken)
    {
        var group = Plan(state.Desired, state.Observed, state.Mark, differences.Count > 0);
        var what = write switch
        {
            WriteKind.Create => "Created",
            WriteKind.Adopt => "Adopted",
            WriteKind.CorrectDrift when state.Observed is null => "Created",
            _ => "Updated",
        };
        // The batch serves many records: no single pass's token may withdraw its changes half-way.
        var submitted = state.Zone.Batcher.SubmitAsync(new ChangeGroup(group), CancellationToken.None);
        return Task.FromResult(ActResult.Handed(new Operation(
            AsResult(submitted), what, $"{what} {state.Fqdn} {record.Spec.Type} in zone {state.Zone.Zone.Name}")));
    }

    /// <summary>The smallest changes: the record when it differs, and its mark when missing or stale (a new weight); one batch.</summary>
    internal static List<RecordChange> Plan(DesiredRecord desired, ResourceRecordSet? observed, ResourceRecordSet? mark, bool differs)
    {
        var group = new List<RecordChange>();
        if (observed is null)
            group.Add(new RecordChange(mark is null ? ChangeAction.Create : ChangeAction.Upsert, desired.RecordSet));
        else if (differs)
            group.Add(new RecordChange(ChangeAction.Upsert, desired.RecordSet));
        if (mark is null)
            group.Add(new RecordChange(ChangeAction.Create, desired.Ownership));
        else if (mark.Weight != desired.Ownership.Weight || mark.Ttl != desired.Ownership.Ttl)
            group.Add(new RecordChange(ChangeAction.Upsert, desired.Ownership));
        return group;
    }

    public async Task<CleanupResult> CleanupAsync(DnsRecord record, CancellationToken cancellationToken)
    {
        var spec = record.Spec;
        ZoneContext zone;
        try
        {
            zone = await zones.GetAsync(spec.Zone, cancellationToken);
        }
        catch (ZoneNotFoundException)
        {
            return CleanupResult.Done;
        }
        if (DnsNames.Qualify(spec.Name, zone.Zone.Name).Fqdn is not { } fqdn)
            return CleanupResult.Done;
        var claim = OwnerClaim.For(identity, record.Metadata.NamespaceProperty, DnsRecord.KindName, record.Metadata.Name);
        var markKey = new RecordKey(OwnershipRecord.NameFor(fqdn, zone.Zone.Name, spec.Type), "TXT", spec.SetIdentifier);
        // Deletions in a burst share one recent listing; a DELETE must match the set exactly, so a
        // mark taken over out of band since is refused by Route53 (and re-observed), never deleted.
        await zone.Records.ObserveWithinAsync(options.ChangePollInterval, cancellationToken);
        var mark = zone.Records.Find(markKey);
        if (mark is null || OwnershipRecord.Parse(mark.Values) is not { } claimed
            || claim.Classify(new OwnerClaim(claimed.ClusterId, claimed.Owner)).Kind != OwnershipKind.Ours)
            return CleanupResult.Done;

        var group = new List<RecordChange>();
        if (zone.Records.Find(new RecordKey(fqdn, spec.Type.ToString(), spec.SetIdentifier)) is { } observed)
            group.Add(new RecordChange(ChangeAction.Delete, observed));
        group.Add(new RecordChange(ChangeAction.Delete, mark));
        var submitted = zone.Batcher.SubmitAsync(new ChangeGroup(group), CancellationToken.None);
        return CleanupResult.Handed(new Operation(
            AsResult(submitted), ManagedReconciler<DnsRecord, DnsRecordSpec, DnsRecordStatus, DnsState>.Deleted,
            $"Deleted {fqdn} {spec.Type} and its ownership record"));
    }

    public DnsRecordStatus Status(DnsRecordStatus? previous, DnsState? state) => new()
    {
        Fqdn = state?.Fqdn ?? previous?.Fqdn,
        HostedZoneId = state?.Zone.Zone.Id ?? previous?.HostedZoneId,
        ChangeId = state?.Change?.Id ?? previous?.ChangeId,
        ChangeStatus = state?.Change?.Status ?? previous?.ChangeStatus,
    };

    /// <summary>
    /// The cached object this pass started from may predate our last status write: a change the
    /// fresh status still shows PENDING is followed, not declared done.
    /// </summary>
    public PassOutcome Reconsider(PassOutcome outcome, DnsState? state, DnsRecordStatus? fresh) =>
        outcome.State == PassState.Ready && fresh is { ChangeStatus: "PENDING", ChangeId: { } pendingId } && state?.Change?.Id != pendingId
            ? outcome with { State = PassState.Progressing, Reason = ConditionReasons.Updating, Message = $"change {pendingId} is PENDING" }
            : outcome;

    private static async Task<OperationResult?> AsResult(Task<ChangeInfo?> submitted) =>
        await submitted is { } info ? new OperationResult(info.Id, info.Status == ChangeStatus.Pending ? "PENDING" : "INSYNC") : null;
}
