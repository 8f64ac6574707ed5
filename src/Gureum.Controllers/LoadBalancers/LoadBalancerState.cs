using Gureum.Aws.ElasticLoadBalancingV2;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>What one pass read of a LoadBalancer in ELBv2.</summary>
internal sealed record LoadBalancerState(
    DesiredLoadBalancer Desired,
    Elbv2LoadBalancer? LoadBalancer,
    IReadOnlyDictionary<string, string> LoadBalancerTags,
    IReadOnlyDictionary<string, string> LoadBalancerAttributes,
    Elbv2TargetGroup? TargetGroup,
    IReadOnlyDictionary<string, string> TargetGroupTags,
    IReadOnlyDictionary<string, string> TargetGroupAttributes,
    IReadOnlyList<Elbv2Listener> Listeners,
    IReadOnlyList<Elbv2TargetHealth> Targets)
{
    public static LoadBalancerState Absent(DesiredLoadBalancer desired) => new(
        desired, null, Empty, Empty, null, Empty, Empty, [], []);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
