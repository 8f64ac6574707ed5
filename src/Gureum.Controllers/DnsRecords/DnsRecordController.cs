using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.DnsRecords;

/// <summary>DnsRecord's registration: the kit's pass, zone-shared listings and batches, and the loadBalancerRef watch.</summary>
internal static class DnsRecordController
{
    public const string Name = "dnsrecord";
    public const string LoadBalancerRefIndex = "spec.alias.loadBalancerRef";

    /// <summary>The fewest workers the DnsRecord controller runs, whatever <c>--workers</c> says (more are taken).</summary>
    public const int MinWorkers = 16;

    public static string Add(ControllerKit kit)
    {
        var options = kit.Options;
        var route53 = kit.Aws.Route53;
        var tracker = new ChangeTracker(route53, kit.Time, options.ChangePollInterval / 2);
        var kind = new DnsRecordKind(
            new HostedZones(route53, kit.Time, ListingFreshness(options), new BatchTiming(options.BatchWindow, options.BatchMaxHold), tracker),
            tracker,
            kit.Manager.GetCache<LoadBalancer>(GureumControllers.LoadBalancerKind),
            kit.Identity,
            options);
        var controller = kit.Managed(Name, GureumControllers.DnsRecordKind, kind);
        // A pass mostly waits (the zone's shared listing, GetChange, its status write) and holds no thread
        // meanwhile; with 4 at once the API server's round trips, not Route53, bounded a burst of thousands.
        kit.Manager.Add((controller with { Workers = Math.Max(controller.Workers, MinWorkers) })
            .WithReferences(new ReferenceField<DnsRecord, LoadBalancer>(
                LoadBalancerRefIndex, GureumControllers.LoadBalancerKind, record => [record.Spec?.Alias?.LoadBalancerRef])));
        return Name;
    }

    private static TimeSpan ListingFreshness(GureumControllerOptions options) =>
        options.ZoneListingFreshness < options.DriftInterval / 4 ? options.ZoneListingFreshness : options.DriftInterval / 4;
}
