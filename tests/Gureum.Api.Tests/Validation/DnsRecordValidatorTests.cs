using Gureum.Api.V1Alpha1;
using Gureum.Api.Validation;
using Gureum.Testing;
using Xunit;

namespace Gureum.Api.Tests.Validation;

public sealed class DnsRecordValidatorTests
{
    private static DnsRecordBuilder Www => TestObjects.DnsRecord("www").InZone("example.com");

    public static TheoryData<string, DnsRecordBuilder> Valid => new()
    {
        { "A", Www.WithValues("192.0.2.1", "192.0.2.2") },
        { "AAAA", Www.OfType(DnsRecordType.AAAA).WithValues("2001:db8::1") },
        { "CNAME", Www.OfType(DnsRecordType.CNAME).WithValues("target.example.net") },
        { "TXT", Www.OfType(DnsRecordType.TXT).WithValues("\"v=spf1 -all\"", "\"part one\" \"part \\\"two\\\"\"") },
        { "MX", Www.OfType(DnsRecordType.MX).WithValues("10 mail.example.com") },
        { "SRV", Www.OfType(DnsRecordType.SRV).WithValues("1 10 5269 xmpp.example.com") },
        { "CAA", Www.OfType(DnsRecordType.CAA).WithValues("0 issue \"amazon.com\"") },
        { "ttl 0", Www.WithValues("192.0.2.1").WithTtl(0) },
        { "alias to lb", Www.AliasTo("web") },
        { "alias explicit", Www.AliasTo("d111.cloudfront.net", "Z2FDTNDATAQYW2", evaluateTargetHealth: true) },
        { "weighted", Www.WithValues("192.0.2.1").Weighted("blue", 0) },
        { "zone by id", TestObjects.DnsRecord("www.example.com").InZoneId("Z123").WithValues("192.0.2.1") },
        { "fqdn in zone", TestObjects.DnsRecord("api.example.com.").WithValues("192.0.2.1") },
        { "apex A", TestObjects.DnsRecord("@").WithValues("192.0.2.1") },
    };

    public static TheoryData<string, DnsRecordBuilder, string> Invalid => new()
    {
        { "A not IPv4", Www.WithValues("192.0.2.1", "2001:db8::1"), "spec.values[1]" },
        { "A short form", Www.WithValues("10.1"), "spec.values[0]" },
        { "A octet too big", Www.WithValues("192.0.2.256"), "spec.values[0]" },
        { "AAAA not IPv6", Www.OfType(DnsRecordType.AAAA).WithValues("192.0.2.1"), "spec.values[0]" },
        { "CNAME two values", Www.OfType(DnsRecordType.CNAME).WithValues("a.example.net", "b.example.net"), "spec.values" },
        { "CNAME at apex", TestObjects.DnsRecord("@").OfType(DnsRecordType.CNAME).WithValues("a.example.net"), "spec.name" },
        { "TXT unquoted", Www.OfType(DnsRecordType.TXT).WithValues("v=spf1 -all"), "spec.values[0]" },
        { "TXT unterminated", Www.OfType(DnsRecordType.TXT).WithValues("\"abc"), "spec.values[0]" },
        { "TXT string too long", Www.OfType(DnsRecordType.TXT).WithValues("\"" + new string('x', 256) + "\""), "spec.values[0]" },
        { "MX without priority", Www.OfType(DnsRecordType.MX).WithValues("mail.example.com"), "spec.values[0]" },
        { "MX priority too big", Www.OfType(DnsRecordType.MX).WithValues("70000 mail.example.com"), "spec.values[0]" },
        { "duplicate values", Www.WithValues("192.0.2.1", "192.0.2.1"), "spec.values" },
        { "empty values", Www.WithValues(), "spec.values" },
        { "neither values nor alias", Www, "spec.values" },
        { "values and alias", Www.AliasTo("web").WithValues("192.0.2.1"), "spec.alias" },
        { "ttl negative", Www.WithValues("192.0.2.1").WithTtl(-1), "spec.ttl" },
        { "ttl too big", Www.WithValues("192.0.2.1").WithTtl(2147483648), "spec.ttl" },
        { "alias with ttl", Www.AliasTo("web").WithTtl(60), "spec.ttl" },
        { "alias dnsName without zone", Www.AliasTo("d1.cloudfront.net", null!), "spec.alias.hostedZoneId" },
        { "alias both targets", Www.AliasTo("web").WithSpec(s => s with { Alias = s.Alias! with { DnsName = "x.example.net", HostedZoneId = "Z1" } }), "spec.alias" },
        { "alias lb as TXT", Www.OfType(DnsRecordType.TXT).AliasTo("web"), "spec.type" },
        { "weight without setIdentifier", Www.WithValues("192.0.2.1").WithSpec(s => s with { Weight = 10 }), "spec.setIdentifier" },
        { "setIdentifier without weight", Www.WithValues("192.0.2.1").WithSpec(s => s with { SetIdentifier = "a" }), "spec.weight" },
        { "weight too big", Www.WithValues("192.0.2.1").Weighted("a", 256), "spec.weight" },
        { "zone name and id", Www.WithValues("192.0.2.1").WithSpec(s => s with { Zone = new DnsZoneSelector { Name = "example.com", HostedZoneId = "Z1" } }), "spec.zone" },
        { "zone neither", Www.WithValues("192.0.2.1").WithSpec(s => s with { Zone = new DnsZoneSelector() }), "spec.zone" },
        { "name outside zone", TestObjects.DnsRecord("www.example.org.").WithValues("192.0.2.1"), "spec.name" },
        { "bad label", TestObjects.DnsRecord("-bad").WithValues("192.0.2.1"), "spec.name" },
    };

    [Theory, MemberData(nameof(Valid))]
    public void Accepts(string because, DnsRecordBuilder record)
    {
        Assert.True(DnsRecordValidator.Validate(record.Build().Spec) is { Count: 0 } errors, because);
    }

    [Theory, MemberData(nameof(Invalid))]
    public void Refuses_naming_the_field(string because, DnsRecordBuilder record, string path)
    {
        var errors = DnsRecordValidator.Validate(record.Build().Spec);
        Assert.True(errors.Any(e => e.Path == path), $"{because}: expected {path}, got [{string.Join("; ", errors)}]");
    }

    [Theory]
    [InlineData("www", "example.com", "www.example.com.")]
    [InlineData("WWW", "Example.COM.", "www.example.com.")]
    [InlineData("@", "example.com", "example.com.")]
    [InlineData("www.example.com.", "example.com", "www.example.com.")]
    [InlineData("www.example.com", "example.com", "www.example.com.")]
    [InlineData("a.b", "example.com", "a.b.example.com.")]
    [InlineData("*.apps", "example.com", "*.apps.example.com.")]
    [InlineData("_dmarc", "example.com", "_dmarc.example.com.")]
    public void Qualifies_names_inside_the_zone(string name, string zone, string fqdn)
    {
        Assert.Equal(new QualifiedName(fqdn, null), DnsNames.Qualify(name, zone));
    }

    [Theory]
    [InlineData("www.example.org.", "example.com")]
    [InlineData("notexample.com.", "example.com")]
    [InlineData("", "example.com")]
    [InlineData("bad..name", "example.com")]
    public void Refuses_names_outside_the_zone_or_malformed(string name, string zone)
    {
        var result = DnsNames.Qualify(name, zone);
        Assert.Null(result.Fqdn);
        Assert.NotNull(result.Error);
    }
}
