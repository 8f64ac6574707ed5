using Gureum.Local.Aws.Faults;
using Microsoft.Extensions.Logging;

namespace Gureum.Local.Aws;

public sealed record AwsEmulatorOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";
    /// <summary>When set, service state is kept under <c>StateDir/aws/</c> and loaded at start.</summary>
    public string? StateDir { get; init; }
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    /// <summary>Divides every simulated delay (propagation, added latency); not the rate limits.</summary>
    public double ClockSpeedUp { get; init; } = 1.0;
    public bool VerifySignatures { get; init; }
    public TimeSpan Route53PropagationDelay { get; init; } = TimeSpan.FromSeconds(2);
    public IReadOnlyList<string> SeedHostedZones { get; init; } = [];
    /// <summary>How long a new instance profile (or a change of its role) stays invisible to EC2, as IAM's
    /// eventual consistency makes it on AWS; divided by the clock speed-up.</summary>
    public TimeSpan IamInstanceProfilePropagationDelay { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a new load balancer stays <c>provisioning</c> before it is <c>active</c>; divided by
    /// the clock speed-up. (AWS takes a few minutes; a few seconds keep the sandbox quick but observable.)</summary>
    public TimeSpan Elbv2ProvisioningDelay { get; init; } = TimeSpan.FromSeconds(3);
    public FaultSettings Faults { get; init; } = new();

    /// <summary>
    /// ELBv2 alone: any subnet, security group or VPC id of the right shape is taken to exist, instead of
    /// ELBv2 consulting the emulated EC2 network as AWS does. For tests of ELBv2 by itself.
    /// </summary>
    public bool Elbv2AcceptsAnyNetworkId { get; init; }
    public ILoggerFactory? LoggerFactory { get; init; }

    internal TimeSpan Simulated(TimeSpan delay) =>
        ClockSpeedUp > 0 ? delay / ClockSpeedUp : delay;
}
