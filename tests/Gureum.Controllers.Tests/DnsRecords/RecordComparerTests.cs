using Gureum.Aws.Route53;
using Gureum.Controllers.DnsRecords;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class RecordComparerTests
{
    private const string Name = "www.example.com.";

    private static ResourceRecordSet Values(string type, long ttl, params string[] values) => new(Name, type, ttl, values);

    private static ResourceRecordSet Alias(string dnsName, string zone = "Z1", bool health = false) =>
        new(Name, "A", null, [], new AliasTarget(zone, dnsName, health));

    public static TheoryData<ResourceRecordSet, ResourceRecordSet> EqualPairs => new()
    {
        { Values("A", 300, "192.0.2.1", "192.0.2.2"), Values("A", 300, "192.0.2.2", "192.0.2.1") },
        { Values("AAAA", 60, "2001:db8::1"), Values("AAAA", 60, "2001:0DB8:0:0::1") },
        { Values("CNAME", 300, "Target.Example.org"), Values("CNAME", 300, "target.example.org.") },
        { Values("MX", 300, "10 Mail.example.com"), Values("MX", 300, "10 mail.example.com.") },
        { Values("TXT", 300, "\"a\"  \"b\""), Values("TXT", 300, "\"a\" \"b\"") },
        { Alias("LB-1.elb.amazonaws.com"), Alias("lb-1.elb.amazonaws.com.") },
        { Alias("lb.example.", "Z1"), Alias("lb.example.", "/hostedzone/Z1") },
    };

    [Theory]
    [MemberData(nameof(EqualPairs))]
    public void Equal_records_written_differently_have_no_drift(ResourceRecordSet desired, ResourceRecordSet observed) =>
        Assert.Empty(RecordComparer.Compare(desired, observed));

    public static TheoryData<ResourceRecordSet, ResourceRecordSet, string, string?, string?> DriftCases => new()
    {
        { Values("A", 300, "192.0.2.1"), Values("A", 60, "192.0.2.1"), "spec.ttl", "300", "60" },
        { Values("A", 300, "192.0.2.1"), Values("A", 300, "192.0.2.9"), "spec.values", "192.0.2.1", "192.0.2.9" },
        { Values("TXT", 300, "\"a\""), Values("TXT", 300, "\"b\""), "spec.values", "\"a\"", "\"b\"" },
        { Alias("lb-1.example."), Alias("lb-2.example."), "spec.alias.dnsName", "lb-1.example", "lb-2.example" },
        { Alias("lb.example.", "Z1"), Alias("lb.example.", "Z2"), "spec.alias.hostedZoneId", "Z1", "Z2" },
        { Alias("lb.example.", health: true), Alias("lb.example."), "spec.alias.evaluateTargetHealth", "true", "false" },
        { Values("A", 300, "192.0.2.1") with { SetIdentifier = "x", Weight = 10 }, Values("A", 300, "192.0.2.1") with { SetIdentifier = "x", Weight = 20 }, "spec.weight", "10", "20" },
    };

    [Theory]
    [MemberData(nameof(DriftCases))]
    public void A_difference_is_one_entry_naming_the_field(
        ResourceRecordSet desired, ResourceRecordSet observed, string path, string? want, string? found)
    {
        var entry = Assert.Single(RecordComparer.Compare(desired, observed));
        Assert.Equal(path, entry.Path);
        Assert.Equal(want, entry.Desired);
        Assert.Equal(found, entry.Actual);
    }

    [Fact]
    public void A_missing_record_is_drift() =>
        Assert.Equal("spec", Assert.Single(RecordComparer.Compare(Values("A", 300, "192.0.2.1"), null)).Path);

    [Fact]
    public void Values_where_an_alias_is_wanted_is_drift_of_the_alias() =>
        Assert.Equal("spec.alias", Assert.Single(RecordComparer.Compare(Alias("lb.example."), Values("A", 300, "192.0.2.1"))).Path);
}
