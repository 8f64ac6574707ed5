using System.Globalization;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>Pure: how the record set in Route53 differs from the one the spec asks for.</summary>
internal static class RecordComparer
{
    public static IReadOnlyList<DriftEntry> Compare(ResourceRecordSet desired, ResourceRecordSet? observed)
    {
        if (observed is null)
            return [Entry("spec", "present", "absent")];
        var drift = new List<DriftEntry>();
        if (desired.Alias is { } wanted)
        {
            if (observed.Alias is not { } actual)
            {
                drift.Add(Entry("spec.alias", Describe(wanted), "values " + string.Join(", ", observed.Values)));
            }
            else
            {
                if (RecordValues.HostName(wanted.DnsName) != RecordValues.HostName(actual.DnsName))
                    drift.Add(Entry("spec.alias.dnsName", RecordValues.HostName(wanted.DnsName), RecordValues.HostName(actual.DnsName)));
                if (!string.Equals(BareZoneId(wanted.HostedZoneId), BareZoneId(actual.HostedZoneId), StringComparison.OrdinalIgnoreCase))
                    drift.Add(Entry("spec.alias.hostedZoneId", wanted.HostedZoneId, actual.HostedZoneId));
                if (wanted.EvaluateTargetHealth != actual.EvaluateTargetHealth)
                    drift.Add(Entry("spec.alias.evaluateTargetHealth", Bool(wanted.EvaluateTargetHealth), Bool(actual.EvaluateTargetHealth)));
            }
        }
        else
        {
            if (observed.Alias is { } actual)
            {
                drift.Add(Entry("spec.values", string.Join(", ", desired.Values), "alias " + Describe(actual)));
            }
            else
            {
                if (desired.Ttl != observed.Ttl)
                    drift.Add(Entry("spec.ttl", Number(desired.Ttl), Number(observed.Ttl)));
                var want = RecordValues.CanonicalSet(desired.Type, desired.Values);
                var have = RecordValues.CanonicalSet(observed.Type, observed.Values);
                if (!want.SequenceEqual(have, StringComparer.Ordinal))
                    drift.Add(Entry("spec.values", string.Join(", ", want), string.Join(", ", have)));
            }
        }
        if (desired.Weight != observed.Weight)
            drift.Add(Entry("spec.weight", Number(desired.Weight), Number(observed.Weight)));
        return drift;
    }

    public static bool Matches(ResourceRecordSet desired, ResourceRecordSet? observed) => Compare(desired, observed).Count == 0;

    private static DriftEntry Entry(string path, string? desired, string? actual) => new() { Path = path, Desired = desired, Actual = actual };

    private static string Describe(AliasTarget alias) =>
        $"{RecordValues.HostName(alias.DnsName)} (zone {alias.HostedZoneId}, evaluateTargetHealth {Bool(alias.EvaluateTargetHealth)})";

    private static string BareZoneId(string id) => id.StartsWith("/hostedzone/", StringComparison.OrdinalIgnoreCase) ? id[12..] : id;

    private static string Bool(bool value) => value ? "true" : "false";

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
