using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;
using Gureum.Controllers.Tests.Support;
using Gureum.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class DnsRecordControllerTests(DnsControllerFixture env) : IClassFixture<DnsControllerFixture>
{
    private static string Mark(string name) => OwnershipValue($"default/DnsRecord/{name}");

    private static string OwnershipValue(string owner, string cluster = DnsControllerFixture.ClusterId) =>
        $"\"heritage=gureum,gureum.dev/cluster={cluster},gureum.dev/owner={owner}\"";

    [Fact]
    public async Task Records_of_every_type_become_Ready_and_exist_with_their_ownership_TXT()
    {
        var a = env.UniqueName("a");
        var aaaa = env.UniqueName("aaaa");
        var cname = env.UniqueName("cname");
        var txt = env.UniqueName("txt");
        var mx = env.UniqueName("mx");
        var alias = env.UniqueName("alias");
        var blue = env.UniqueName("blue");
        var green = env.UniqueName("green");
        var records = new[]
        {
            TestObjects.DnsRecord(a).WithValues("192.0.2.10", "192.0.2.11").WithTtl(60).Build(),
            TestObjects.DnsRecord(aaaa).OfType(DnsRecordType.AAAA).WithValues("2001:db8::10").Build(),
            TestObjects.DnsRecord(cname).OfType(DnsRecordType.CNAME).WithValues("target.example.org").Build(),
            TestObjects.DnsRecord(txt).OfType(DnsRecordType.TXT).WithValues("\"v=spf1 -all\"").Build(),
            TestObjects.DnsRecord(mx).OfType(DnsRecordType.MX).WithValues("10 mail.example.com", "20 mail2.example.com").Build(),
            TestObjects.DnsRecord(alias).AliasTo("lb-123.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K").Build(),
            TestObjects.DnsRecord(blue).WithSpec(s => s with { Name = "weighted-" + blue }).WithValues("192.0.2.21").Weighted("blue", 90).Build(),
            TestObjects.DnsRecord(green).WithSpec(s => s with { Name = "weighted-" + blue }).WithValues("192.0.2.22").Weighted("green", 10).Build(),
        };
        foreach (var record in records)
            await env.CreateAsync(record);
        foreach (var record in records)
        {
            var ready = await env.WaitReadyAsync(record.Metadata.Name);
            Assert.Equal(env.ZoneId, ready.Status!.HostedZoneId);
            Assert.Contains(GureumApi.Finalizer, ready.Metadata.Finalizers!);
        }

        var sets = await env.RecordSetsAsync();
        ResourceRecordSet Find(string name, string type, string? id = null) =>
            Assert.Single(sets, s => s.Name == name + ".example.com." && s.Type == type && s.SetIdentifier == id);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], Find(a, "A").Values.Order());
        Assert.Equal(60, Find(a, "A").Ttl);
        Assert.Equal([Mark(a)], Find("gureum-a-" + a, "TXT").Values);
        Assert.Single(Find(aaaa, "AAAA").Values);
        Assert.Equal([Mark(aaaa)], Find("gureum-aaaa-" + aaaa, "TXT").Values);
        Assert.Equal([Mark(cname)], Find("gureum-cname-" + cname, "TXT").Values);
        Assert.Equal(["\"v=spf1 -all\""], Find(txt, "TXT").Values);
        Assert.Equal(2, Find(mx, "MX").Values.Count);
        Assert.Equal("lb-123.us-east-1.elb.amazonaws.com.", Find(alias, "A").Alias!.DnsName);
        Assert.Equal([Mark(alias)], Find("gureum-a-" + alias, "TXT").Values);
        Assert.Equal(90, Find("weighted-" + blue, "A", "blue").Weight);
        Assert.Equal(10, Find("weighted-" + blue, "A", "green").Weight);
        Assert.Equal([Mark(green)], Find("gureum-a-weighted-" + blue, "TXT", "green").Values);
        Assert.Equal($"{a}.example.com.", (await env.GetAsync(a))!.Status!.Fqdn);
    }
}
