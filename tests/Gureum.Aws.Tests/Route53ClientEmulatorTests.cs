using System.Net;
using Gureum.Aws.Errors;
using Gureum.Aws.Route53;
using Gureum.Local.Aws;
using Gureum.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gureum.Aws.Tests;

/// <summary>An emulator on fake time (so change propagation is driven by the test) with a few extra zones.</summary>
public sealed class Route53EmulatorFixture : AwsEmulatorFixture
{
    public const string PagingZone = "paging.example.org.";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public TimeSpan Propagation { get; } = TimeSpan.FromSeconds(60);

    protected override AwsEmulatorOptions CreateOptions() => new()
    {
        SeedHostedZones = [ExampleZone, PagingZone, "a.example.net.", "b.example.net."],
        TimeProvider = Time,
        Route53PropagationDelay = Propagation,
    };

    public AwsClients Clients() => AwsClients.Create(
        AwsSettings.ForEndpoint(Emulator.Endpoint, Emulator.Region, Emulator.AccessKeyId, Emulator.SecretAccessKey),
        TimeProvider.System);
}

public sealed class Route53ClientEmulatorTests(Route53EmulatorFixture fixture) : IClassFixture<Route53EmulatorFixture>, IDisposable
{
    private readonly AwsClients _aws = fixture.Clients();
    private IRoute53Client Route53 => _aws.Route53;

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task Zones_are_listed_by_name_and_found_by_exact_name()
    {
        var page = await Route53.ListHostedZonesByNameAsync("a.example.net", null, 2, CancellationToken.None);
        Assert.Equal(["a.example.net.", "b.example.net."], page.Zones.Select(z => z.Name));
        Assert.True(page.IsTruncated);
        Assert.NotNull(page.NextDnsName);

        var found = await Route53.FindHostedZonesAsync("Example.COM", CancellationToken.None);
        var zone = Assert.Single(found);
        Assert.Equal("example.com.", zone.Name);
        Assert.DoesNotContain("/", zone.Id, StringComparison.Ordinal);
        Assert.Empty(await Route53.FindHostedZonesAsync("missing.example.com", CancellationToken.None));
    }

    [Fact]
    public async Task A_zone_is_read_with_its_name_servers_by_bare_or_prefixed_id()
    {
        var zone = await ZoneAsync(AwsEmulatorFixture.ExampleZone);

        var bare = await Route53.GetHostedZoneAsync(zone.Id, CancellationToken.None);
        var prefixed = await Route53.GetHostedZoneAsync("/hostedzone/" + zone.Id, CancellationToken.None);

        Assert.Equal((zone.Id, "example.com."), (bare.Zone.Id, bare.Zone.Name));
        Assert.NotEmpty(bare.NameServers);
        Assert.Equal(bare.NameServers, prefixed.NameServers);
    }

    [Fact]
    public async Task A_missing_zone_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => Route53.GetHostedZoneAsync("ZNOSUCHZONE0000", CancellationToken.None));
        Assert.Equal(("NoSuchHostedZone", AwsErrorKind.NotFound, HttpStatusCode.NotFound), (error.Code, error.Kind, error.Status));
    }

    [Fact]
    public async Task Record_sets_page_300_at_a_time_and_ListAll_follows_the_pages()
    {
        var zone = await ZoneAsync(Route53EmulatorFixture.PagingZone);
        var changes = Enumerable.Range(0, 650)
            .Select(i => new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple($"r{i:D3}.{zone.Name}", "A", 60, $"10.0.{i / 250}.{i % 250}")))
            .ToList();
        await Route53.ChangeResourceRecordSetsAsync(zone.Id, changes, "paging", CancellationToken.None);

        var first = await Route53.ListResourceRecordSetsAsync(zone.Id, null, 300, CancellationToken.None);
        Assert.Equal(300, first.RecordSets.Count);
        Assert.True(first.IsTruncated);
        var second = await Route53.ListResourceRecordSetsAsync(zone.Id, first.Next, 300, CancellationToken.None);
        Assert.Equal(first.Next!.Name, second.RecordSets[0].Name);
        Assert.Empty(first.RecordSets.Intersect(second.RecordSets));

        var all = await Route53.ListAllResourceRecordSetsAsync(zone.Id, CancellationToken.None);
        Assert.Equal(652, all.Count); // with the zone's NS and SOA
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(Enumerable.Range(0, 650), i => Assert.Contains(all, s => s.Name == $"r{i:D3}.{zone.Name}"));
        Assert.Equal(2 + 3, _aws.Pipeline.Attempts(AwsService.Route53, "ListResourceRecordSets"));
    }

    [Fact]
    public async Task Create_upsert_and_delete_change_the_zone()
    {
        var zone = await ZoneAsync(AwsEmulatorFixture.ExampleZone);
        var name = "crud.example.com.";
        var created = ResourceRecordSet.Simple(name, "A", 300, "192.0.2.1", "192.0.2.2");

        var info = await Route53.ChangeResourceRecordSetsAsync(zone.Id, [new(ChangeAction.Create, created)], "create", CancellationToken.None);
        Assert.Equal((ChangeStatus.Pending, "create"), (info.Status, info.Comment));
        Assert.DoesNotContain("/", info.Id, StringComparison.Ordinal);
        Assert.Equal(created, await FindAsync(zone, name, "A"));

        var upserted = ResourceRecordSet.Simple(name, "A", 60, "192.0.2.9");
        await Route53.ChangeResourceRecordSetsAsync(zone.Id, [new(ChangeAction.Upsert, upserted)], null, CancellationToken.None);
        Assert.Equal(upserted, await FindAsync(zone, name, "A"));

        await Route53.ChangeResourceRecordSetsAsync(zone.Id, [new(ChangeAction.Delete, upserted)], null, CancellationToken.None);
        Assert.Null(await FindAsync(zone, name, "A"));
    }

    [Fact]
    public async Task Alias_weighted_and_wildcard_records_round_trip()
    {
        var zone = await ZoneAsync(AwsEmulatorFixture.ExampleZone);
        var alias = new ResourceRecordSet("alias.example.com.", "A", null, [],
            new AliasTarget("Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.", false));
        var blue = new ResourceRecordSet("weighted.example.com.", "A", 60, ["192.0.2.10"], SetIdentifier: "blue", Weight: 90);
        var green = new ResourceRecordSet("weighted.example.com.", "A", 60, ["192.0.2.11"], SetIdentifier: "green", Weight: 10);
        var wildcard = ResourceRecordSet.Simple("*.wild.example.com.", "TXT", 300, "\"hello\"");

        await Route53.ChangeResourceRecordSetsAsync(zone.Id,
            [new(ChangeAction.Create, alias), new(ChangeAction.Create, blue), new(ChangeAction.Create, green), new(ChangeAction.Create, wildcard)],
            null, CancellationToken.None);

        var all = await Route53.ListAllResourceRecordSetsAsync(zone.Id, CancellationToken.None);
        Assert.Contains(alias, all);
        Assert.Contains(blue, all);
        Assert.Contains(green, all);
        // Route53 lists "*" as "\052"; the client decodes it.
        Assert.Contains(wildcard, all);
    }

    public static TheoryData<string, ChangeAction, string, string> RejectedChanges => new()
    {
        // name, action, value to send, message fragment
        { "exists", ChangeAction.Create, "192.0.2.1", "already exists" },
        { "missing", ChangeAction.Delete, "192.0.2.1", "not found" },
        { "different", ChangeAction.Delete, "192.0.2.99", "values provided do not match" },
        { "badip", ChangeAction.Create, "not-an-ip", "ARRDATAIllegalIPv4Address" },
    };

    [Theory]
    [MemberData(nameof(RejectedChanges))]
    public async Task A_rejected_batch_is_an_Invalid_AwsException_with_Route53s_messages(string label, ChangeAction action, string value, string fragment)
    {
        var zone = await ZoneAsync(AwsEmulatorFixture.ExampleZone);
        var name = $"rejected-{label}.example.com.";
        if (label is "exists" or "different")
            await Route53.ChangeResourceRecordSetsAsync(zone.Id, [new(ChangeAction.Create, ResourceRecordSet.Simple(name, "A", 300, "192.0.2.1"))], null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsException>(() => Route53.ChangeResourceRecordSetsAsync(
            zone.Id, [new(action, ResourceRecordSet.Simple(name, "A", 300, value))], null, CancellationToken.None));

        Assert.Equal(("InvalidChangeBatch", AwsErrorKind.Invalid, HttpStatusCode.BadRequest), (error.Code, error.Kind, error.Status));
        Assert.Contains(fragment, error.AwsMessage, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(error.AwsMessage);
        Assert.NotNull(error.RequestId);
    }

    [Fact]
    public async Task A_change_is_pending_until_it_has_propagated_then_in_sync()
    {
        var zone = await ZoneAsync(AwsEmulatorFixture.ExampleZone);
        var info = await Route53.ChangeResourceRecordSetsAsync(zone.Id,
            [new(ChangeAction.Upsert, ResourceRecordSet.Simple("sync.example.com.", "A", 60, "192.0.2.5"))], null, CancellationToken.None);

        Assert.Equal(ChangeStatus.Pending, (await Route53.GetChangeAsync(info.Id, CancellationToken.None)).Status);
        fixture.Time.Advance(fixture.Propagation);
        var later = await Route53.GetChangeAsync("/change/" + info.Id, CancellationToken.None);

        Assert.Equal((info.Id, ChangeStatus.InSync), (later.Id, later.Status));
    }

    [Fact]
    public async Task Sts_returns_the_emulators_caller_identity()
    {
        var identity = await _aws.Sts.GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("000000000000", identity.Account);
        Assert.StartsWith("arn:aws:", identity.Arn, StringComparison.Ordinal);
        Assert.NotEmpty(identity.UserId);
    }

    private async Task<HostedZone> ZoneAsync(string name) =>
        Assert.Single(await Route53.FindHostedZonesAsync(name, CancellationToken.None));

    private async Task<ResourceRecordSet?> FindAsync(HostedZone zone, string name, string type) =>
        (await Route53.ListAllResourceRecordSetsAsync(zone.Id, CancellationToken.None)).SingleOrDefault(s => s.Name == name && s.Type == type);
}
