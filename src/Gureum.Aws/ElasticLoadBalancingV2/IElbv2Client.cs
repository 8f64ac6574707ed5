namespace Gureum.Aws.ElasticLoadBalancingV2;

/// <summary>The ELBv2 operations Gureum uses (Query 2015-12-01, the regional endpoint, signed as
/// elasticloadbalancing). Errors are <see cref="Errors.AwsException"/>: LoadBalancerNotFound /
/// TargetGroupNotFound / ListenerNotFound (NotFound), DuplicateLoadBalancerName / DuplicateTargetGroupName /
/// DuplicateListener (AlreadyExists), ResourceInUse (Conflict), ValidationError / InvalidConfigurationRequest /
/// CertificateNotFound / SubnetNotFound / InvalidSecurityGroup / OperationNotPermitted (Invalid), TooMany*
/// (Throttled with IsQuota: retry later). Describes follow every page (NextMarker) and send at most 20 names
/// or ARNs a call, so N objects cost about N/20 calls.</summary>
public interface IElbv2Client
{
    Task<Elbv2LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken);

    /// <summary>LoadBalancerNotFound when any name is unknown (AWS's rule); see <see cref="FindLoadBalancersByNameAsync"/>.</summary>
    Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeLoadBalancersByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeLoadBalancersByArnAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken);

    /// <summary>Every load balancer of the account in this region.</summary>
    Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeAllLoadBalancersAsync(CancellationToken cancellationToken);

    /// <summary>The load balancers that exist among these names; unknown names are left out. A batch with
    /// an unknown name costs one more call per name of that batch.</summary>
    Task<IReadOnlyList<Elbv2LoadBalancer>> FindLoadBalancersByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>OperationNotPermitted while deletion protection is on. Deleting one that is gone succeeds.</summary>
    Task DeleteLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken);

    /// <summary>Every attribute by key (<see cref="Elbv2Values.IdleTimeoutSeconds"/>, <see cref="Elbv2Values.DeletionProtection"/>, ...).</summary>
    Task<IReadOnlyDictionary<string, string>> DescribeLoadBalancerAttributesAsync(string loadBalancerArn, CancellationToken cancellationToken);

    /// <summary>Changes only the given keys; returns every attribute after the change.</summary>
    Task<IReadOnlyDictionary<string, string>> ModifyLoadBalancerAttributesAsync(string loadBalancerArn,
        IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken);

    Task SetSecurityGroupsAsync(string loadBalancerArn, IReadOnlyList<string> securityGroups, CancellationToken cancellationToken);

    Task<IReadOnlyList<Elbv2AvailabilityZone>> SetSubnetsAsync(string loadBalancerArn, IReadOnlyList<string> subnets, CancellationToken cancellationToken);

    Task<Elbv2TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken);

    /// <summary>TargetGroupNotFound when any name is unknown.</summary>
    Task<IReadOnlyList<Elbv2TargetGroup>> DescribeTargetGroupsByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    Task<IReadOnlyList<Elbv2TargetGroup>> DescribeTargetGroupsByArnAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken);

    /// <summary>The target groups a load balancer's listeners use.</summary>
    Task<IReadOnlyList<Elbv2TargetGroup>> DescribeTargetGroupsOfLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken);

    /// <summary>The target groups that exist among these names; unknown names are left out.</summary>
    Task<IReadOnlyList<Elbv2TargetGroup>> FindTargetGroupsByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>Changes the health check members that are not null.</summary>
    Task<Elbv2TargetGroup> ModifyTargetGroupAsync(string targetGroupArn, Elbv2HealthCheck healthCheck, CancellationToken cancellationToken);

    /// <summary>ResourceInUse while a listener or rule forwards to it.</summary>
    Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> ModifyTargetGroupAttributesAsync(string targetGroupArn,
        IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken);

    /// <summary>The health of the given targets, or of every registered target when <paramref name="targets"/> is null.</summary>
    Task<IReadOnlyList<Elbv2TargetHealth>> DescribeTargetHealthAsync(string targetGroupArn, IReadOnlyList<Elbv2Target>? targets, CancellationToken cancellationToken);

    Task RegisterTargetsAsync(string targetGroupArn, IReadOnlyList<Elbv2Target> targets, CancellationToken cancellationToken);

    Task DeregisterTargetsAsync(string targetGroupArn, IReadOnlyList<Elbv2Target> targets, CancellationToken cancellationToken);

    /// <summary>DuplicateListener for a port the load balancer already listens on; CertificateNotFound for
    /// HTTPS/TLS without a certificate.</summary>
    Task<Elbv2Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<Elbv2Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken);

    Task<IReadOnlyList<Elbv2Listener>> DescribeListenersByArnAsync(IReadOnlyList<string> listenerArns, CancellationToken cancellationToken);

    Task<Elbv2Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken);

    Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken);

    /// <summary>Adds or overwrites these tags on every resource (at most 50 tags a resource).</summary>
    Task AddTagsAsync(IReadOnlyList<string> resourceArns, IReadOnlyList<Elbv2Tag> tags, CancellationToken cancellationToken);

    Task RemoveTagsAsync(IReadOnlyList<string> resourceArns, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken);

    /// <summary>The tags of load balancers, target groups or listeners, 20 ARNs a call.</summary>
    Task<IReadOnlyList<Elbv2TagDescription>> DescribeTagsAsync(IReadOnlyList<string> resourceArns, CancellationToken cancellationToken);
}
