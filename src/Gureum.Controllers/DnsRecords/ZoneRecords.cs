using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>
/// The record sets of one zone as last listed, shared by every DnsRecord of the zone: one paged
/// ListResourceRecordSets pass serves them all. A listing older than the freshness window is
/// refreshed; concurrent callers share the one refresh in flight. Our own successful writes are
/// applied to the listing (Route53 applied them atomically), including to a listing that was being
/// read while they landed (they are replayed onto it, being newer than any page of it); a failed or
/// uncertain write makes the next reader list again.
/// </summary>
internal sealed class ZoneRecords(IRoute53Client route53, string hostedZoneId, TimeProvider time, TimeSpan maxAge)
{
    private readonly Lock _lock = new();
    private Dictionary<RecordKey, ResourceRecordSet>? _records;
    private DateTimeOffset _listedAt;
    private Task<Dictionary<RecordKey, ResourceRecordSet>>? _refreshing;
    private bool _invalidated;

    // Our writes that landed while a listing was being read: replayed onto it when it arrives.
    private List<RecordChange>? _landedDuringRefresh;

    public string HostedZoneId => hostedZoneId;

    /// <summary>Makes sure the listing is fresh (or newly read when <paramref name="forceRefresh"/>).</summary>
    public Task ObserveAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        ObserveWithinAsync(forceRefresh ? TimeSpan.Zero : maxAge, cancellationToken);

    /// <summary>Makes sure the listing is younger than <paramref name="age"/>.</summary>
    public async Task ObserveWithinAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        Task<Dictionary<RecordKey, ResourceRecordSet>> refresh;
        lock (_lock)
        {
            if (_records is not null && time.GetUtcNow() - _listedAt < age)
                return;
            // A refresh shared by many reconciles must not die with the first caller's token.
            if (_refreshing is null)
            {
                _landedDuringRefresh = [];
                _invalidated = false;
                _refreshing = RefreshAsync();
            }
            refresh = _refreshing;
        }
        await refresh.WaitAsync(cancellationToken);
    }

    /// <summary>Whether the zone was listed at all (of any age).</summary>
    public bool HasListing
    {
        get
        {
            lock (_lock)
                return _records is not null;
        }
    }

    public ResourceRecordSet? Find(RecordKey key)
    {
        lock (_lock)
            return _records is not null && _records.TryGetValue(key, out var set) ? set : null;
    }

    public void Apply(IEnumerable<RecordChange> changes)
    {
        lock (_lock)
        {
            var list = changes as IReadOnlyCollection<RecordChange> ?? [.. changes];
            _landedDuringRefresh?.AddRange(list);
            if (_records is not null)
                ApplyTo(_records, list);
        }
    }

    private static void ApplyTo(Dictionary<RecordKey, ResourceRecordSet> records, IEnumerable<RecordChange> changes)
    {
        foreach (var change in changes)
        {
            var key = RecordKey.Of(change.RecordSet);
            if (change.Action == ChangeAction.Delete)
                records.Remove(key);
            else
                records[key] = change.RecordSet;
        }
    }

    /// <summary>After a write whose outcome is unknown: the next reader lists again.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _invalidated = true;
            _listedAt = DateTimeOffset.MinValue;
        }
    }

    private async Task<Dictionary<RecordKey, ResourceRecordSet>> RefreshAsync()
    {
        await Task.Yield();
        try
        {
            var sets = await route53.ListAllResourceRecordSetsAsync(hostedZoneId, CancellationToken.None);
            var records = new Dictionary<RecordKey, ResourceRecordSet>();
            foreach (var set in sets)
                records[RecordKey.Of(set)] = set;
            lock (_lock)
            {
                ApplyTo(records, _landedDuringRefresh ?? []);
                _records = records;
                // A write of unknown outcome during the listing may or may not be in it: use it, but list again next time.
                _listedAt = _invalidated ? DateTimeOffset.MinValue : time.GetUtcNow();
                _landedDuringRefresh = null;
                _refreshing = null;
            }
            return records;
        }
        catch
        {
            lock (_lock)
            {
                _landedDuringRefresh = null;
                _refreshing = null;
            }
            throw;
        }
    }
}
