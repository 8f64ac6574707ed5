using System.Text.Json.Serialization;

namespace Gureum.Local.Aws.AutoScaling;

internal sealed record AsgLaunchTemplate(string? LaunchTemplateId, string? LaunchTemplateName, string? Version);

internal sealed record AsgTag(string Key, string Value, bool PropagateAtLaunch);

/// <summary>One instance of a group, as Auto Scaling tracks it (EC2 keeps the instance itself).</summary>
internal sealed record AsgInstance
{
    public required string InstanceId { get; init; }
    public required string AvailabilityZone { get; init; }
    public required string SubnetId { get; init; }
    public required string InstanceType { get; init; }
    public required string ImageId { get; init; }
    public required string LaunchTemplateId { get; init; }
    public required string LaunchTemplateName { get; init; }
    public required long LaunchTemplateVersion { get; init; }
    public required DateTimeOffset LaunchedAt { get; init; }
    /// <summary>Pending, InService, Terminating.</summary>
    public string LifecycleState { get; set; } = "Pending";
    public string HealthStatus { get; set; } = "Healthy";
    public DateTimeOffset? InServiceAt { get; set; }
    public string? ActivityId { get; set; }
}

internal sealed record AsgPolicy
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string PolicyType { get; init; }
    public string? MetricType { get; init; }
    public string? ResourceLabel { get; init; }
    public double TargetValue { get; init; }
    public bool DisableScaleIn { get; init; }
    public int? EstimatedInstanceWarmup { get; init; }
    public bool Enabled { get; init; } = true;
    public string? AdjustmentType { get; init; }
    public int? ScalingAdjustment { get; init; }
    public int? Cooldown { get; init; }
    public required string AlarmId { get; init; }
    /// <summary>Since when the simulated metric has been above the target (the high alarm's evaluation), or below 90 % of it.</summary>
    public DateTimeOffset? HighSince { get; set; }
    public DateTimeOffset? LowSince { get; set; }
}

internal sealed record AsgRefresh
{
    public required string Id { get; init; }
    public string Status { get; set; } = "Pending";
    public string? StatusReason { get; set; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; set; }
    public int PercentageComplete { get; set; }
    public int InstancesToUpdate { get; set; }
    public int MinHealthyPercentage { get; init; } = 90;
    public int? InstanceWarmup { get; init; }
    public bool SkipMatching { get; init; }
    public AsgLaunchTemplate? DesiredLaunchTemplate { get; init; }

    [JsonIgnore]
    public bool IsActive => Status is "Pending" or "InProgress" or "Cancelling";
}

internal sealed record AsgActivity
{
    public required string ActivityId { get; init; }
    public required string GroupName { get; init; }
    public required string GroupArn { get; init; }
    public required string Description { get; init; }
    public required string Cause { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; set; }
    public string StatusCode { get; set; } = "InProgress";
    public string? StatusMessage { get; set; }
    public int Progress { get; set; }
    public string Details { get; init; } = "{}";
}

internal sealed record AsgGroup
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required AsgLaunchTemplate LaunchTemplate { get; set; }
    public int MinSize { get; set; }
    public int MaxSize { get; set; }
    public int DesiredCapacity { get; set; }
    public int DefaultCooldown { get; set; } = 300;
    public List<string> SubnetIds { get; set; } = [];
    public List<string> TargetGroupArns { get; set; } = [];
    public string HealthCheckType { get; set; } = "EC2";
    public int HealthCheckGracePeriod { get; set; }
    public int? DefaultInstanceWarmup { get; set; }
    public List<AsgTag> Tags { get; set; } = [];
    public required DateTimeOffset CreatedTime { get; init; }
    public bool Deleting { get; set; }
    public List<AsgInstance> Instances { get; set; } = [];
    public List<AsgPolicy> Policies { get; set; } = [];
    public List<AsgRefresh> Refreshes { get; set; } = [];
    /// <summary>What last changed the desired capacity, the start of the next launch or termination's cause.</summary>
    public string LastCause { get; set; } = "";
    public DateTimeOffset? NextLaunchAttempt { get; set; }
    public DateTimeOffset? ScaleOutReadyAt { get; set; }
    public DateTimeOffset? ScaleInReadyAt { get; set; }

    [JsonIgnore]
    public IEnumerable<AsgInstance> Active => Instances.Where(i => i.LifecycleState != "Terminating");
}

internal sealed record AutoScalingSnapshot(List<AsgGroup> Groups, List<AsgActivity> Activities);
