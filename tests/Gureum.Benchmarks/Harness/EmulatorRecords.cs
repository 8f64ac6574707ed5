using Gureum.Api.V1Alpha1;
using Gureum.Local.Aws.Route53;

namespace Gureum.Benchmarks.Harness;

/// <summary>Reads the emulator's Route53 in-process, spending none of the API's rate (which the operator needs).</summary>
internal static class EmulatorRecords
{
    /// <summary>Every record set of every zone but the zones' own NS and SOA.</summary>
    public static IReadOnlyList<IReadOnlyList<RecordSet>> SetsByZone(Route53Store route53) =>
        [.. route53.Zones().Select(z => (IReadOnlyList<RecordSet>)[.. route53.ListRecords(z.Zone.Id, null, 1_000_000).Records.Where(s => !IsApex(s, z.Zone.Name))])];

    /// <summary>How many of <paramref name="records"/> Route53 holds with their values.</summary>
    public static int CountHeld(Route53Store route53, IReadOnlyList<DnsRecord> records)
    {
        var byZone = route53.Zones().ToDictionary(z => z.Zone.Name.TrimEnd('.'), z => route53.ListRecords(z.Zone.Id, null, 1_000_000).Records
            .ToLookup(s => (s.Name.TrimEnd('.').ToLowerInvariant(), s.Type)), StringComparer.OrdinalIgnoreCase);
        return records.Count(r => byZone.TryGetValue(r.Spec.Zone.Name!, out var sets)
            && sets[($"{r.Spec.Name}.{r.Spec.Zone.Name}".ToLowerInvariant(), r.Spec.Type.ToString())].Any(s => Convergence.Matches(r, s.Name, s.Type, s.Values)));
    }

    private static bool IsApex(RecordSet set, string zoneName) => set.Name == zoneName && set.Type is "NS" or "SOA";
}
