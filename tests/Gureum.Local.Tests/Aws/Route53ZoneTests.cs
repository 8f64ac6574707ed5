using System.Net;
using Gureum.Testing;
using Xunit;
using static Gureum.Local.Tests.Aws.SignedRoute53Client;

namespace Gureum.Local.Tests.Aws;

public sealed class Route53ZoneTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private readonly SignedRoute53Client _client = new(fixture.Emulator);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task The_seeded_zone_is_found_by_name_with_its_name_servers()
    {
        var list = await _client.GetAsync("/2013-04-01/hostedzonesbyname?dnsname=example.com");
        var id = list.Body.Descendants(Ns + "HostedZone").First().Element(Ns + "Id")!.Value;

        var zone = await _client.GetAsync("/2013-04-01" + id);

        Assert.Equal(HttpStatusCode.OK, zone.Status);
        Assert.Equal("example.com.", zone.Value("Name"));
        Assert.Equal(4, zone.Body.Descendants(Ns + "NameServer").Count());
        Assert.Equal("2", zone.Value("ResourceRecordSetCount"));
    }

    [Fact]
    public async Task A_new_zone_has_apex_NS_and_SOA()
    {
        var id = await _client.CreateZoneAsync("apex.test");

        var records = await _client.ListAllAsync(id);

        Assert.Equal(["NS", "SOA"], records.Select(r => r.Element(Ns + "Type")!.Value));
        Assert.All(records, r => Assert.Equal("apex.test.", r.Element(Ns + "Name")!.Value));
    }

    [Fact]
    public async Task The_same_caller_reference_twice_is_HostedZoneAlreadyExists()
    {
        var reference = Guid.NewGuid().ToString();
        await _client.CreateZoneAsync("once.test", reference);

        var again = await _client.PostAsync("/2013-04-01/hostedzone", new(Ns + "CreateHostedZoneRequest",
            new System.Xml.Linq.XElement(Ns + "Name", "once.test"),
            new System.Xml.Linq.XElement(Ns + "CallerReference", reference)));

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("HostedZoneAlreadyExists", again.Code);
    }

    [Fact]
    public async Task Zones_by_name_are_ordered_by_reversed_labels_and_paged()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] names = [$"b.{suffix}.org.", $"{suffix}.org.", $"a.b.{suffix}.org.", $"z.{suffix}.org."];
        foreach (var name in names)
            await _client.CreateZoneAsync(name);

        var first = await _client.GetAsync($"/2013-04-01/hostedzonesbyname?dnsname={suffix}.org&maxitems=2");
        var second = await _client.GetAsync(
            $"/2013-04-01/hostedzonesbyname?dnsname={first.Value("NextDNSName")}&hostedzoneid={first.Value("NextHostedZoneId")}&maxitems=2");

        var listed = first.Body.Descendants(Ns + "HostedZone").Concat(second.Body.Descendants(Ns + "HostedZone"))
            .Select(z => z.Element(Ns + "Name")!.Value).ToList();
        Assert.Equal("true", first.Value("IsTruncated"));
        Assert.Equal([$"{suffix}.org.", $"b.{suffix}.org.", $"a.b.{suffix}.org.", $"z.{suffix}.org."], listed);
    }

    [Fact]
    public async Task A_zone_with_records_cannot_be_deleted_until_they_are_gone()
    {
        var id = await _client.CreateZoneAsync("delete.test");
        var record = Record("www.delete.test", "A", 60, "192.0.2.1");
        await _client.ChangeAsync(id, Change("CREATE", record));

        var refused = await _client.DeleteAsync($"/2013-04-01/hostedzone/{id}");
        await _client.ChangeAsync(id, Change("DELETE", Record("www.delete.test", "A", 60, "192.0.2.1")));
        var deleted = await _client.DeleteAsync($"/2013-04-01/hostedzone/{id}");
        var gone = await _client.GetAsync($"/2013-04-01/hostedzone/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("HostedZoneNotEmpty", refused.Code);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("NoSuchHostedZone", gone.Code);
    }

    [Fact]
    public async Task An_unknown_zone_is_NoSuchHostedZone_404()
    {
        var reply = await _client.ChangeAsync("ZNOSUCHZONE", Change("CREATE", Record("a.example.com", "A", 60, "192.0.2.1")));

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("NoSuchHostedZone", reply.Code);
        Assert.Equal("No hosted zone found with ID: ZNOSUCHZONE", reply.Messages.Single());
    }
}
