using Gureum.Local.Aws.Faults;
using Gureum.Operator.Cli;

namespace Gureum.Operator.Local;

/// <summary>The emulator faults behind <c>--aws-faults</c>.</summary>
internal static class FaultPresets
{
    public static FaultSettings For(AwsFaultMode mode) => mode switch
    {
        AwsFaultMode.None => new FaultSettings(),
        AwsFaultMode.Throttle => new FaultSettings
        {
            // Route53's published rate (10/s, burst 50), so the playground throttles like AWS.
            Services = new Dictionary<string, ServiceFaults> { ["route53"] = new() { Throttle = true } },
        },
        AwsFaultMode.Chaos => new FaultSettings
        {
            Services = new Dictionary<string, ServiceFaults>
            {
                ["route53"] = new()
                {
                    Throttle = true,
                    ServerErrorFraction = 0.05,
                    LostResponseFraction = 0.05,
                    PriorRequestNotCompleteFraction = 0.02,
                    Latency = TimeSpan.FromMilliseconds(20),
                    LatencyJitter = TimeSpan.FromMilliseconds(80),
                },
                ["sts"] = new() { Throttle = true, ServerErrorFraction = 0.05 },
                // The IamRole controller's service: a lost CreateRole must never make a second role.
                ["iam"] = new()
                {
                    Throttle = true,
                    ServerErrorFraction = 0.05,
                    LostResponseFraction = 0.05,
                    Latency = TimeSpan.FromMilliseconds(20),
                    LatencyJitter = TimeSpan.FromMilliseconds(80),
                },
                // The LoadBalancer controller's services: their published rates, errors, lost creates.
                ["elasticloadbalancing"] = new()
                {
                    Throttle = true,
                    ServerErrorFraction = 0.05,
                    LostResponseFraction = 0.05,
                    Latency = TimeSpan.FromMilliseconds(20),
                    LatencyJitter = TimeSpan.FromMilliseconds(80),
                },
                ["ec2"] = new() { Throttle = true, ServerErrorFraction = 0.05, LostResponseFraction = 0.05 },
            },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
