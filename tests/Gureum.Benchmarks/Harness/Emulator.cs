using Amazon.Runtime;
using Gureum.Aws;
using Gureum.Aws.Pipeline;
using Gureum.Local.Aws;

namespace Gureum.Benchmarks.Harness;

/// <summary>The AWS emulator and the Gureum.Aws clients pointed at it.</summary>
internal static class Emulator
{
    public const string Zone = "example.com.";

    /// <summary>The emulator with hosted zones <paramref name="zones"/> (default: <see cref="Zone"/>).</summary>
    /// <param name="clockSpeedUp">The emulator's clock speed-up (instances starting, health checks); 1 is AWS's pace.</param>
    public static Task<AwsEmulator> StartAsync(CancellationToken cancellationToken, IReadOnlyList<string>? zones = null, double clockSpeedUp = 1.0) =>
        AwsEmulator.StartAsync(new AwsEmulatorOptions { SeedHostedZones = zones ?? [Zone], ClockSpeedUp = clockSpeedUp }, cancellationToken);

    public static AwsSettings Settings(AwsEmulator emulator, AwsRateLimits? limits = null) =>
        AwsSettings.ForEndpoint(emulator.Endpoint, emulator.Region, emulator.AccessKeyId, emulator.SecretAccessKey) with
        {
            RateLimits = limits ?? AwsRateLimits.Default,
        };

    public static BasicAWSCredentials Credentials(AwsEmulator emulator) => new(emulator.AccessKeyId, emulator.SecretAccessKey);

    /// <summary>A bucket so large it never waits: for measuring the pipeline's own cost.</summary>
    public static AwsRateLimits Unlimited { get; } = AwsRateLimits.Default with { Route53 = new AwsRateLimit(1000, 100_000_000) };
}
