using System.Net;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Gureum.Local.Tests.Aws.SignedRoute53Client;

namespace Gureum.Local.Tests.Aws;

public sealed class FaultInjectionTests
{
    private static async Task<AwsEmulator> StartAsync(FaultSettings faults, TimeProvider? time = null) =>
        await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Faults = faults,
            TimeProvider = time ?? TimeProvider.System,
            SeedHostedZones = ["example.com"],
        }, CancellationToken.None);

    private static FaultSettings Route53(ServiceFaults faults, int? seed = null) =>
        new() { Seed = seed, Services = new Dictionary<string, ServiceFaults> { ["route53"] = faults } };

    [Fact]
    public async Task Route53_throttles_past_a_burst_of_50_and_refills_at_10_per_second()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await StartAsync(Route53(new ServiceFaults { Throttle = true }), time);
        using var client = new SignedRoute53Client(emulator);

        var burst = new List<HttpStatusCode>();
        for (var i = 0; i < 51; i++)
            burst.Add((await client.GetAsync("/2013-04-01/hostedzonecount")).Status);
        var throttled = await client.GetAsync("/2013-04-01/hostedzonecount");
        time.Advance(TimeSpan.FromSeconds(1));
        var refilled = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
            refilled.Add((await client.GetAsync("/2013-04-01/hostedzonecount")).Status);

        Assert.Equal(50, burst.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.BadRequest, throttled.Status);
        Assert.Equal("Throttling", throttled.Code);
        Assert.Equal("Rate exceeded", throttled.Messages.Single());
        Assert.Equal(10, refilled.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, emulator.Stats.Faults("route53", FaultKind.Throttled));
    }

    [Fact]
    public async Task Throttling_can_be_switched_on_at_run_time_with_a_custom_rate()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await StartAsync(new FaultSettings(), time);
        using var client = new SignedRoute53Client(emulator);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/2013-04-01/hostedzonecount")).Status);

        emulator.Faults.Set("route53", new ServiceFaults { Throttle = true, Burst = 2, RatePerSecond = 1 });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await client.GetAsync("/2013-04-01/hostedzonecount")).Status);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest], statuses);
    }

    [Fact]
    public async Task A_seeded_5xx_fraction_fails_the_same_requests_every_run()
    {
        async Task<List<HttpStatusCode>> RunAsync()
        {
            await using var emulator = await StartAsync(Route53(new ServiceFaults { ServerErrorFraction = 0.3 }, seed: 42));
            using var client = new SignedRoute53Client(emulator);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 60; i++)
                statuses.Add((await client.GetAsync("/2013-04-01/hostedzonecount")).Status);
            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        var failures = first.Count(s => s is HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable);
        Assert.Equal(first, second);
        Assert.InRange(failures, 5, 35);
        Assert.Equal(60 - failures, first.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_lost_response_applies_the_write_but_drops_the_connection()
    {
        await using var emulator = await StartAsync(Route53(new ServiceFaults { LostResponseFraction = 1.0 }));
        using var client = new SignedRoute53Client(emulator);
        var listed = await client.GetAsync("/2013-04-01/hostedzonesbyname?dnsname=example.com");
        var zone = listed.Value("Id").Replace("/hostedzone/", "", StringComparison.Ordinal);

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.ChangeAsync(zone, Change("CREATE", Record("lost.example.com", "A", 60, "192.0.2.1"))));

        // Reads are never lost; the write took effect.
        var records = await client.ListAllAsync(zone);
        Assert.Contains(records, r => r.Element(Ns + "Name")!.Value == "lost.example.com.");
        Assert.Equal(1, emulator.Stats.Faults("route53", FaultKind.LostResponse));
    }

    [Fact]
    public async Task PriorRequestNotComplete_refuses_a_change_without_applying_it()
    {
        await using var emulator = await StartAsync(Route53(new ServiceFaults { PriorRequestNotCompleteFraction = 1.0 }));
        using var client = new SignedRoute53Client(emulator);
        var listed = await client.GetAsync("/2013-04-01/hostedzonesbyname?dnsname=example.com");
        var zone = listed.Value("Id").Replace("/hostedzone/", "", StringComparison.Ordinal);

        var reply = await client.ChangeAsync(zone, Change("CREATE", Record("prior.example.com", "A", 60, "192.0.2.1")));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("PriorRequestNotComplete", reply.Code);
        Assert.DoesNotContain(await client.ListAllAsync(zone), r => r.Element(Ns + "Name")!.Value == "prior.example.com.");
    }

    [Fact]
    public async Task Added_latency_waits_on_the_emulator_clock_divided_by_the_speed_up()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            TimeProvider = time,
            ClockSpeedUp = 10,
            Faults = Route53(new ServiceFaults { Latency = TimeSpan.FromSeconds(10) }),
        }, CancellationToken.None);
        using var client = new SignedRoute53Client(emulator);

        var pending = client.GetAsync("/2013-04-01/hostedzonecount");
        await WaitUntilAsync(() => emulator.Stats.Requests("route53") == 1);
        time.Advance(TimeSpan.FromSeconds(0.9));
        await Task.Delay(50);
        var stillWaiting = !pending.IsCompleted;
        // The timer may have been armed just after the first advance; step until the answer comes.
        var advanced = TimeSpan.FromSeconds(0.9);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!pending.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(0.1));
            advanced += TimeSpan.FromSeconds(0.1);
            // Generous per step: a loaded machine may take a while to deliver the answer once the
            // timer fired, and every extra step counts against the bound asserted below.
            await Task.WhenAny(pending, Task.Delay(250));
        }
        var reply = await pending;

        Assert.True(stillWaiting);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        // Undivided, the 10 s latency would need ten times as much simulated time.
        Assert.InRange(advanced, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met");
            await Task.Delay(10);
        }
    }
}
