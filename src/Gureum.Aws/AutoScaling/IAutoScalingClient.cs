namespace Gureum.Aws.AutoScaling;

/// <summary>The Auto Scaling operations Gureum uses (Query 2011-01-01, signed as autoscaling). Errors are
/// <see cref="Errors.AwsException"/>: AlreadyExists (AlreadyExists), ResourceInUse / ScalingActivityInProgress /
/// InstanceRefreshInProgress (Conflict), ValidationError (Invalid; also Auto Scaling's answer for an unknown
/// group), ActiveInstanceRefreshNotFound (NotFound), LimitExceeded (Throttled, IsQuota), Throttling (Throttled).
/// Describes follow every page (NextToken) and send at most 100 group names a call (AWS's limit), so N groups
/// cost about N/100 calls.</summary>
public interface IAutoScalingClient
{
    Task CreateAutoScalingGroupAsync(CreateAutoScalingGroupRequest request, CancellationToken cancellationToken);

    /// <summary>Changes the members that are not null.</summary>
    Task UpdateAutoScalingGroupAsync(UpdateAutoScalingGroupRequest request, CancellationToken cancellationToken);

    /// <param name="forceDelete">Terminate the instances with the group instead of refusing (ResourceInUse).</param>
    Task DeleteAutoScalingGroupAsync(string groupName, bool forceDelete, CancellationToken cancellationToken);

    /// <summary>The groups that exist among these names (unknown names are left out, as AWS does).</summary>
    Task<IReadOnlyList<AsgGroup>> DescribeAutoScalingGroupsAsync(IReadOnlyList<string> groupNames, CancellationToken cancellationToken);

    Task SetDesiredCapacityAsync(string groupName, int desiredCapacity, CancellationToken cancellationToken);

    Task TerminateInstanceInAutoScalingGroupAsync(string instanceId, bool decrementDesiredCapacity, CancellationToken cancellationToken);

    Task AttachLoadBalancerTargetGroupsAsync(string groupName, IReadOnlyList<string> targetGroupArns, CancellationToken cancellationToken);

    Task DetachLoadBalancerTargetGroupsAsync(string groupName, IReadOnlyList<string> targetGroupArns, CancellationToken cancellationToken);

    /// <summary>Adds or overwrites tags of groups (each tag names its group).</summary>
    Task CreateOrUpdateTagsAsync(IReadOnlyList<AsgTag> tags, CancellationToken cancellationToken);

    Task DeleteTagsAsync(IReadOnlyList<AsgTag> tags, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a target tracking policy; returns its ARN.</summary>
    Task<string> PutTargetTrackingPolicyAsync(PutTargetTrackingPolicyRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<AsgScalingPolicy>> DescribePoliciesAsync(string groupName, CancellationToken cancellationToken);

    /// <summary>Every scaling policy of the region, each naming its group (DescribePolicies without a group, 100 a page).</summary>
    Task<IReadOnlyList<AsgScalingPolicy>> DescribeAllPoliciesAsync(CancellationToken cancellationToken);

    Task DeletePolicyAsync(string groupName, string policyName, CancellationToken cancellationToken);

    /// <summary>InstanceRefreshInProgress while one runs. Returns the refresh id.</summary>
    Task<string> StartInstanceRefreshAsync(StartInstanceRefreshRequest request, CancellationToken cancellationToken);

    /// <summary>The group's refreshes, newest first (AWS's order).</summary>
    Task<IReadOnlyList<AsgInstanceRefresh>> DescribeInstanceRefreshesAsync(string groupName, CancellationToken cancellationToken);

    /// <summary>ActiveInstanceRefreshNotFound when none runs.</summary>
    Task CancelInstanceRefreshAsync(string groupName, CancellationToken cancellationToken);

    /// <summary>The group's latest scaling activities, newest first.</summary>
    Task<IReadOnlyList<AsgActivity>> DescribeScalingActivitiesAsync(string groupName, int maxRecords, CancellationToken cancellationToken);
}
