using System.Collections.Concurrent;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.DnsRecords;

/// <summary>One hosted zone with its shared record view and change batcher.</summary>
internal sealed record ZoneContext(HostedZone Zone, ZoneRecords Records, ChangeBatcher Batcher);

/// <summary>The zone not found in Route53 (it may be created later: retried).</summary>
internal sealed class ZoneNotFoundException(string message) : MissingAwsResourceException(message);

/// <summary>
/// Resolves a DnsRecord's zone (by name through ListHostedZonesByName, or by id) once and keeps
/// it, with the one ZoneRecords and ChangeBatcher per zone that all its records share.
/// </summary>
internal sealed class HostedZones(IRoute53Client route53, TimeProvider time, TimeSpan freshness, BatchTiming batching, ChangeTracker tracker)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HostedZone>>> _resolved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ZoneContext> _zones = new(StringComparer.Ordinal);

    public async Task<ZoneContext> GetAsync(DnsZoneSelector selector, CancellationToken cancellationToken)
    {
        var key = KeyOf(selector);
        var lazy = _resolved.GetOrAdd(key, _ => new Lazy<Task<HostedZone>>(() => ResolveAsync(selector)));
        HostedZone zone;
        try
        {
            zone = await lazy.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _resolved.TryRemove(new KeyValuePair<string, Lazy<Task<HostedZone>>>(key, lazy));
            throw;
        }
        return _zones.GetOrAdd(zone.Id, _ =>
        {
            var records = new ZoneRecords(route53, zone.Id, time, freshness);
            return new ZoneContext(zone, records, new ChangeBatcher(route53, records, time, batching, tracker.Remember));
        });
    }

    /// <summary>After Route53 said the zone is gone: resolve it again next time (it may have been recreated with a new id).</summary>
    public void Forget(DnsZoneSelector selector) => _resolved.TryRemove(KeyOf(selector), out _);

    private static string KeyOf(DnsZoneSelector selector) =>
        selector.HostedZoneId is { Length: > 0 } id ? "id:" + id.Trim() : "name:" + RecordValues.HostName(selector.Name ?? "");

    private async Task<HostedZone> ResolveAsync(DnsZoneSelector selector)
    {
        if (selector.HostedZoneId is { Length: > 0 } id)
            return (await route53.GetHostedZoneAsync(id.Trim(), CancellationToken.None)).Zone;
        var name = RecordValues.HostName(selector.Name ?? "") + ".";
        var zones = await route53.FindHostedZonesAsync(name, CancellationToken.None);
        // A public and a private zone may share a name; a spec by name means the public one when there is one.
        return zones.OrderBy(zone => zone.PrivateZone).FirstOrDefault()
            ?? throw new ZoneNotFoundException($"no hosted zone named {name}");
    }
}
