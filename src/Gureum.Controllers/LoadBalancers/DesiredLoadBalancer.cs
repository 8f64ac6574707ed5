using Gureum.Api.V1Alpha1;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>A listener as ELBv2 takes it: forward to the target group, or redirect HTTP to HTTPS.</summary>
internal sealed record DesiredListener(int Port, string Protocol, string? CertificateArn, bool RedirectToHttps);

/// <summary>The load balancer, target group and listeners a valid spec asks for, in ELBv2's spelling, with our tags.</summary>
internal sealed record DesiredLoadBalancer(
    string Name,
    string Type,
    string Scheme,
    IReadOnlyList<string> Subnets,
    IReadOnlyList<string> SecurityGroups,
    int? IdleTimeoutSeconds,
    bool DeletionProtection,
    IReadOnlyDictionary<string, string> Tags,
    string TargetGroupProtocol,
    int TargetGroupPort,
    string TargetType,
    int DeregistrationDelaySeconds,
    Elbv2HealthCheck HealthCheck,
    IReadOnlyList<DesiredListener> Listeners)
{
    /// <summary>The target group's name: <see cref="Name"/>, or a replacement's (<see cref="ElbNames.Replacement"/>)
    /// when a target group of that name exists and cannot be the one the spec asks for.</summary>
    public string TargetGroupName { get; init; } = Name;

    /// <summary>What a target group cannot change in place; a replacement's name is derived from it.</summary>
    public string TargetGroupVariant => $"{TargetGroupProtocol}:{TargetGroupPort}:{TargetType}";

    /// <summary>What a load balancer cannot change in place (type and scheme); a replacement's name is derived from it.</summary>
    public string LoadBalancerVariant => $"{Type}:{Scheme}";

    public static DesiredLoadBalancer From(LoadBalancerSpec spec, string name, OwnerClaim claim)
    {
        var tags = new Dictionary<string, string>(spec.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in claim.Tags)
            tags[key] = value;
        var group = spec.TargetGroup;
        var check = group.HealthCheck;
        return new DesiredLoadBalancer(
            name,
            spec.Type == LoadBalancerType.Application ? Elbv2Values.Application : Elbv2Values.Network,
            spec.Scheme == LoadBalancerScheme.InternetFacing ? Elbv2Values.InternetFacing : Elbv2Values.Internal,
            [.. spec.SubnetIds],
            [.. spec.SecurityGroupIds ?? []],
            spec.IdleTimeoutSeconds,
            spec.DeletionProtection,
            tags,
            group.Protocol.ToString(),
            group.Port,
            group.TargetType == Gureum.Api.V1Alpha1.TargetType.Instance ? Elbv2Values.Instance : Elbv2Values.Ip,
            group.DeregistrationDelaySeconds,
            // Members left out of the spec are AWS's defaults: not compared, not sent.
            new Elbv2HealthCheck
            {
                Protocol = check?.Protocol?.ToString(),
                Port = check?.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Path = check?.Path,
                IntervalSeconds = check?.IntervalSeconds,
                TimeoutSeconds = check?.TimeoutSeconds,
                HealthyThresholdCount = check?.HealthyThreshold,
                UnhealthyThresholdCount = check?.UnhealthyThreshold,
                HttpCode = check?.Matcher,
            },
            [.. spec.Listeners.Select(l => new DesiredListener(l.Port, l.Protocol.ToString(), l.CertificateArn, l.RedirectToHttps))]);
    }

    public IReadOnlyList<Elbv2Action> ActionsFor(DesiredListener listener, string targetGroupArn) =>
        listener.RedirectToHttps ? [Elbv2Action.RedirectToHttps()] : [Elbv2Action.Forward(targetGroupArn)];
}
