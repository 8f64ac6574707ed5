using Gureum.Aws.Errors;
using Gureum.Aws.Pipeline;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;

namespace Gureum.Aws.Tests;

/// <summary>The pipeline and signing over real HTTP against an emulator of each test's own, on the real clock
/// (the emulator's throttling bucket must refill), with short retry delays.</summary>
public sealed class PipelineEmulatorTests
{
    private static readonly AwsRetryOptions QuickRetry = new()
    {
        MaxAttempts = 10,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(200),
        ThrottleCooldown = TimeSpan.FromMilliseconds(20),
        MaxThrottleCooldown = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Throttled_calls_are_retried_until_they_succeed()
    {
        // A slow emulator bucket, so that even calls spread out by a loaded machine get throttled.
        await using var emulator = await StartAsync(new ServiceFaults { Throttle = true, RatePerSecond = 2, Burst = 1 });
        using var aws = Clients(emulator, QuickRetry with { MaxAttempts = 40 });

        var zones = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => aws.Route53.FindHostedZonesAsync("example.com", CancellationToken.None)))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(zones, z => Assert.Equal("example.com.", Assert.Single(z).Name));
        var throttled = emulator.Stats.Faults("route53", FaultKind.Throttled);
        Assert.True(throttled > 0, "the emulator throttled nothing");
        var count = Assert.Single(aws.Pipeline.Snapshot());
        Assert.Equal(("route53", "ListHostedZonesByName"), (count.Service, count.Operation));
        Assert.Equal((4 + throttled, throttled), (count.Attempts, count.Failures));
    }

    [Fact]
    public async Task Server_errors_are_retried_until_they_succeed()
    {
        await using var emulator = await StartAsync(new ServiceFaults { ServerErrorFraction = 0.5 });
        using var aws = Clients(emulator);

        for (var i = 0; i < 10; i++)
            Assert.Equal("000000000000", (await aws.Sts.GetCallerIdentityAsync(CancellationToken.None)).Account);

        Assert.Equal(0, emulator.Stats.Faults("sts", FaultKind.ServerError)); // faults were set for route53 only
        for (var i = 0; i < 10; i++)
            Assert.Single(await aws.Route53.FindHostedZonesAsync("example.com", CancellationToken.None));

        var failed = emulator.Stats.Faults("route53", FaultKind.ServerError);
        Assert.True(failed > 0, "the emulator injected no 5xx");
        var count = Assert.Single(aws.Pipeline.Snapshot(), c => c.Service == "route53");
        Assert.Equal((10 + failed, failed), (count.Attempts, count.Failures));
    }

    [Fact]
    public async Task Signatures_verify_end_to_end_and_a_wrong_secret_is_refused()
    {
        await using var emulator = await AwsEmulator.StartAsync(
            new AwsEmulatorOptions { SeedHostedZones = ["example.com"], VerifySignatures = true }, CancellationToken.None);
        using var aws = Clients(emulator);
        using var impostor = AwsClients.Create(
            AwsSettings.ForEndpoint(emulator.Endpoint, emulator.Region, emulator.AccessKeyId, "not-the-secret") with { Retry = QuickRetry },
            TimeProvider.System);

        var zone = Assert.Single(await aws.Route53.FindHostedZonesAsync("example.com", CancellationToken.None));
        await aws.Route53.ChangeResourceRecordSetsAsync(zone.Id,
            [new(Route53.ChangeAction.Upsert, Route53.ResourceRecordSet.Simple("*.signed.example.com.", "A", 60, "192.0.2.7"))],
            "signed body", CancellationToken.None);
        Assert.Equal("000000000000", (await aws.Sts.GetCallerIdentityAsync(CancellationToken.None)).Account);

        var refused = await Assert.ThrowsAsync<AwsException>(() => impostor.Sts.GetCallerIdentityAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.AccessDenied, refused.Kind);
        var refusedRoute53 = await Assert.ThrowsAsync<AwsException>(() => impostor.Route53.GetHostedZoneAsync(zone.Id, CancellationToken.None));
        Assert.Equal(AwsErrorKind.AccessDenied, refusedRoute53.Kind);
    }

    private static Task<AwsEmulator> StartAsync(ServiceFaults route53Faults) =>
        AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            SeedHostedZones = ["example.com"],
            Faults = new FaultSettings { Seed = 7, Services = new Dictionary<string, ServiceFaults> { ["route53"] = route53Faults } },
        }, CancellationToken.None);

    private static AwsClients Clients(AwsEmulator emulator, AwsRetryOptions? retry = null) => AwsClients.Create(
        AwsSettings.ForEndpoint(emulator.Endpoint, emulator.Region, emulator.AccessKeyId, emulator.SecretAccessKey) with
        {
            Retry = retry ?? QuickRetry,
            // The client's own bucket must not hold the calls back, or the emulator would never throttle.
            RateLimits = new AwsRateLimits { Route53 = new AwsRateLimit(1000, 1000), Sts = new AwsRateLimit(1000, 1000) },
        },
        TimeProvider.System);
}
