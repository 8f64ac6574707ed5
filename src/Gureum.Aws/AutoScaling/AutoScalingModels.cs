namespace Gureum.Aws.AutoScaling;

/// <summary>A group tag. <see cref="ResourceId"/> is the group name.</summary>
public sealed record AsgTag(string ResourceId, string Key, string Value = "", bool PropagateAtLaunch = false);

/// <summary>AWS's string values, spelled as the API spells them.</summary>
public static class AsgValues
{
    public const string HealthCheckEc2 = "EC2";
    public const string HealthCheckElb = "ELB";
    public const string InService = "InService";
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";
    public const string TargetTracking = "TargetTrackingScaling";
    public const string AverageCpu = "ASGAverageCPUUtilization";
    public const string RequestCountPerTarget = "ALBRequestCountPerTarget";
    public const string Default = "$Default";
    public const string Latest = "$Latest";
    public const string RefreshPending = "Pending";
    public const string RefreshInProgress = "InProgress";
    public const string RefreshSuccessful = "Successful";
    public const string RefreshFailed = "Failed";
    public const string RefreshCancelling = "Cancelling";
    public const string RefreshCancelled = "Cancelled";
}

/// <summary>Launch template and version as a group names them (id or name; version a number, $Default or $Latest).</summary>
public sealed record AsgLaunchTemplate(string? LaunchTemplateId, string? LaunchTemplateName, string? Version);

public sealed record AsgInstance(
    string InstanceId,
    string AvailabilityZone,
    string LifecycleState,
    string HealthStatus,
    AsgLaunchTemplate? LaunchTemplate,
    string? InstanceType,
    bool ProtectedFromScaleIn);

/// <summary>A group as DescribeAutoScalingGroups returns it, tags and instances included.</summary>
public sealed record AsgGroup(
    string Name,
    string Arn,
    AsgLaunchTemplate? LaunchTemplate,
    int MinSize,
    int MaxSize,
    int DesiredCapacity,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> TargetGroupArns,
    string HealthCheckType,
    int HealthCheckGracePeriod,
    int? DefaultInstanceWarmup,
    IReadOnlyList<AsgInstance> Instances,
    IReadOnlyList<AsgTag> Tags,
    string? Status,
    DateTimeOffset CreatedTime);

public sealed record CreateAutoScalingGroupRequest(string Name, AsgLaunchTemplate LaunchTemplate, int MinSize, int MaxSize)
{
    public int? DesiredCapacity { get; init; }
    public IReadOnlyList<string> SubnetIds { get; init; } = [];
    public IReadOnlyList<string> TargetGroupArns { get; init; } = [];
    public string? HealthCheckType { get; init; }
    public int? HealthCheckGracePeriod { get; init; }
    public int? DefaultInstanceWarmup { get; init; }
    public IReadOnlyList<AsgTag> Tags { get; init; } = [];
}

/// <summary>Null members are left unchanged.</summary>
public sealed record UpdateAutoScalingGroupRequest(string Name)
{
    public AsgLaunchTemplate? LaunchTemplate { get; init; }
    public int? MinSize { get; init; }
    public int? MaxSize { get; init; }
    public int? DesiredCapacity { get; init; }
    public IReadOnlyList<string>? SubnetIds { get; init; }
    public string? HealthCheckType { get; init; }
    public int? HealthCheckGracePeriod { get; init; }
    public int? DefaultInstanceWarmup { get; init; }
}

/// <param name="ResourceLabel">For ALBRequestCountPerTarget: <c>app/lb-name/id/targetgroup/tg-name/id</c>.</param>
public sealed record PutTargetTrackingPolicyRequest(string GroupName, string PolicyName, string MetricType, double TargetValue, string? ResourceLabel = null)
{
    public int? EstimatedInstanceWarmup { get; init; }
    public bool DisableScaleIn { get; init; }
}

public sealed record AsgScalingPolicy(
    string GroupName,
    string PolicyName,
    string PolicyArn,
    string PolicyType,
    string? MetricType,
    double? TargetValue,
    string? ResourceLabel,
    bool DisableScaleIn,
    int? EstimatedInstanceWarmup);

public sealed record StartInstanceRefreshRequest(string GroupName)
{
    public int? MinHealthyPercentage { get; init; }
    public int? InstanceWarmup { get; init; }
    /// <summary>Refresh to this template instead of the group's own.</summary>
    public AsgLaunchTemplate? DesiredLaunchTemplate { get; init; }
    /// <summary>Leave instances already on the desired configuration alone.</summary>
    public bool SkipMatching { get; init; } = true;
}

public sealed record AsgInstanceRefresh(
    string InstanceRefreshId,
    string GroupName,
    string Status,
    string? StatusReason,
    int? PercentageComplete,
    int? InstancesToUpdate,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime);

public sealed record AsgActivity(string ActivityId, string GroupName, string Description, string Cause, string StatusCode, DateTimeOffset StartTime);
