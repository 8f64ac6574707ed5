namespace Gureum.Aws.Route53;

/// <summary>The Route53 operations Gureum uses. Ids may be passed bare ("Z123") or as Route53 prints
/// them ("/hostedzone/Z123"); results always carry bare ids and normalised names.</summary>
public interface IRoute53Client
{
    /// <summary>One page of zones in name order, starting at <paramref name="dnsName"/> (maxItems up to 100).</summary>
    Task<HostedZonePage> ListHostedZonesByNameAsync(string? dnsName, string? hostedZoneId, int maxItems, CancellationToken cancellationToken);

    /// <summary>The zones whose name is exactly <paramref name="zoneName"/> (public and private may share one), following pages.</summary>
    Task<IReadOnlyList<HostedZone>> FindHostedZonesAsync(string zoneName, CancellationToken cancellationToken);

    Task<HostedZoneDetails> GetHostedZoneAsync(string hostedZoneId, CancellationToken cancellationToken);

    /// <summary>One page (maxItems up to 300) starting at <paramref name="start"/> (null: the beginning).</summary>
    Task<ResourceRecordSetPage> ListResourceRecordSetsAsync(string hostedZoneId, RecordSetCursor? start, int maxItems, CancellationToken cancellationToken);

    /// <summary>Every record set of the zone, following pages of 300.</summary>
    Task<IReadOnlyList<ResourceRecordSet>> ListAllResourceRecordSetsAsync(string hostedZoneId, CancellationToken cancellationToken);

    /// <summary>Applies the batch atomically. Fails with Invalid (InvalidChangeBatch) when any change conflicts.</summary>
    Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken);

    Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken);
}
