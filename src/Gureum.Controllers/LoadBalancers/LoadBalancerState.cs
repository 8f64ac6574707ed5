using Gureum.Aws.ElasticLoadBalancingV2;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>What one pass read of a LoadBalancer in ELBv2.</summary>
/// <param name="Light">Only the batched reads were made (a resync pass with nothing to do): the load balancer, the
/// target group (health check included), their tags and the listeners status names. The attributes were not read
/// and are not compared; listeners added out of band are not seen until the next full read.</param>
/// <param name="Targets">Null when target health was not read in this pass.</param>
internal sealed record LoadBalancerState(
    DesiredLoadBalancer Desired,
    Elbv2LoadBalancer? LoadBalancer,
    IReadOnlyDictionary<string, string> LoadBalancerTags,
    IReadOnlyDictionary<string, string> LoadBalancerAttributes,
    Elbv2TargetGroup? TargetGroup,
    IReadOnlyDictionary<string, string> TargetGroupTags,
    IReadOnlyDictionary<string, string> TargetGroupAttributes,
    IReadOnlyList<Elbv2Listener> Listeners,
    IReadOnlyList<Elbv2TargetHealth>? Targets,
    bool Light = false)
{
    /// <summary>Our target groups being replaced (immutable fields differ from the spec): deleted once the
    /// listeners forward to <see cref="TargetGroup"/>.</summary>
    public IReadOnlyList<Elbv2TargetGroup> ReplacedTargetGroups { get; init; } = [];

    /// <summary>Our load balancers being replaced (type or scheme differ from the spec), or left over from a replacement:
    /// deleted once status names <see cref="LoadBalancer"/> and it has its listeners.</summary>
    public IReadOnlyList<ReplacedLoadBalancer> ReplacedLoadBalancers { get; init; } = [];

    public static LoadBalancerState Absent(DesiredLoadBalancer desired) => new(
        desired, null, Empty, Empty, null, Empty, Empty, [], null);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}

/// <summary>A load balancer being replaced, and whether deletion protection is on on it.</summary>
internal sealed record ReplacedLoadBalancer(Elbv2LoadBalancer LoadBalancer, bool DeletionProtection);
