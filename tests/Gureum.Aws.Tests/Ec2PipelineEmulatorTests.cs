using Gureum.Aws.Pipeline;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;

namespace Gureum.Aws.Tests;

/// <summary>EC2 (the SDK inside the pipeline) against an emulator of each test's own: RequestLimitExceeded is
/// retried by the pipeline, and the SDK's signatures verify. Real clock, since the emulator's bucket must refill.</summary>
public sealed class Ec2PipelineEmulatorTests
{
    private static readonly AwsRetryOptions QuickRetry = new()
    {
        MaxAttempts = 40,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(200),
        ThrottleCooldown = TimeSpan.FromMilliseconds(20),
        MaxThrottleCooldown = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task RequestLimitExceeded_is_retried_until_the_calls_succeed()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Faults = new FaultSettings { Seed = 7, Services = new Dictionary<string, ServiceFaults> { ["ec2"] = new() { Throttle = true, RatePerSecond = 2, Burst = 1 } } },
        }, CancellationToken.None);
        using var aws = Clients(emulator);

        var vpcs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => aws.Ec2Network.FindDefaultVpcAsync(CancellationToken.None)))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(vpcs, v => Assert.True(v?.IsDefault));
        var throttled = emulator.Stats.Faults("ec2", FaultKind.Throttled);
        Assert.True(throttled > 0, "the emulator throttled nothing");
        var count = Assert.Single(aws.Pipeline.Snapshot());
        Assert.Equal(("ec2", "DescribeVpcs"), (count.Service, count.Operation));
        Assert.Equal((4 + throttled, throttled), (count.Attempts, count.Failures));
    }

    [Fact]
    public async Task The_SDKs_signatures_verify()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { VerifySignatures = true }, CancellationToken.None);
        using var aws = Clients(emulator);

        var subnets = await aws.Ec2Network.DescribeDefaultSubnetsAsync(CancellationToken.None);
        var missing = await aws.Ec2Network.FindMissingAsync(Ec2.Ec2ResourceKind.Subnet, [subnets[0].SubnetId, "subnet-00000000"], CancellationToken.None);

        Assert.Equal(6, subnets.Count);
        Assert.Equal(["subnet-00000000"], missing);
    }

    private static AwsClients Clients(AwsEmulator emulator) => AwsClients.Create(
        AwsSettings.ForEndpoint(emulator.Endpoint, emulator.Region, emulator.AccessKeyId, emulator.SecretAccessKey) with
        {
            Retry = QuickRetry,
            // The client's own bucket must not hold the calls back, or the emulator would never throttle.
            RateLimits = new AwsRateLimits { Ec2Describe = new AwsRateLimit(1000, 1000) },
        },
        TimeProvider.System);
}
