using System.Net;
using Gureum.Local.Aws;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Gureum.Local.Tests.Aws.SignedRoute53Client;

namespace Gureum.Local.Tests.Aws;

public sealed class Route53ChangeAndPersistenceTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"gureum-aws-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task A_change_is_PENDING_until_the_propagation_delay_divided_by_the_speed_up_has_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            TimeProvider = time,
            Route53PropagationDelay = TimeSpan.FromSeconds(10),
            ClockSpeedUp = 2,
        }, CancellationToken.None);
        using var client = new SignedRoute53Client(emulator);
        var zone = await client.CreateZoneAsync("change.test");

        var change = await client.ChangeAsync(zone, Change("CREATE", Record("a.change.test", "A", 60, "192.0.2.1")));
        var changePath = "/2013-04-01" + change.Value("Id");
        time.Advance(TimeSpan.FromSeconds(4.9));
        var early = await client.GetAsync(changePath);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var late = await client.GetAsync(changePath);

        Assert.Equal("PENDING", change.Value("Status"));
        Assert.Equal("2026-01-01T00:00:00.000Z", change.Value("SubmittedAt"));
        Assert.Equal("PENDING", early.Value("Status"));
        Assert.Equal("INSYNC", late.Value("Status"));
    }

    [Fact]
    public async Task An_unknown_change_is_NoSuchChange()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions(), CancellationToken.None);
        using var client = new SignedRoute53Client(emulator);

        var reply = await client.GetAsync("/2013-04-01/change/CNOSUCHCHANGE");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("NoSuchChange", reply.Code);
    }

    [Fact]
    public async Task Zones_records_and_changes_survive_a_restart_under_the_state_dir()
    {
        var options = new AwsEmulatorOptions { StateDir = _stateDir, SeedHostedZones = ["example.com"] };
        string zone, changePath;
        await using (var first = await AwsEmulator.StartAsync(options, CancellationToken.None))
        {
            using var client = new SignedRoute53Client(first);
            var list = await client.GetAsync("/2013-04-01/hostedzonesbyname?dnsname=example.com");
            zone = list.Value("Id").Replace("/hostedzone/", "", StringComparison.Ordinal);
            var change = await client.ChangeAsync(zone, Change("CREATE", Record("kept.example.com", "TXT", 60, "\"kept\"")));
            changePath = "/2013-04-01" + change.Value("Id");
        }

        await using var second = await AwsEmulator.StartAsync(options, CancellationToken.None);
        using var again = new SignedRoute53Client(second);
        var zones = await again.GetAsync("/2013-04-01/hostedzone");
        var records = await again.ListAllAsync(zone);
        var changeAfter = await again.GetAsync(changePath);

        Assert.True(File.Exists(Path.Combine(_stateDir, "aws", "route53.json")));
        Assert.Single(zones.Body.Descendants(Ns + "HostedZone")); // the seed is not made twice
        Assert.Contains(records, r => r.Element(Ns + "Name")!.Value == "kept.example.com.");
        Assert.Equal(HttpStatusCode.OK, changeAfter.Status);
    }
}
