using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Gureum.Api.V1Alpha1;

/// <summary>An EC2 launch template and the Auto Scaling group that uses it.</summary>
public sealed class InstanceGroup() : GureumResource<InstanceGroupSpec, InstanceGroupStatus>(KindName)
{
    public const string KindName = "InstanceGroup";

    public static KindDefinition Definition { get; } = KindDefinition.For<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(
        KindName, "instancegroups", "ig", "InstanceGroup is an EC2 launch template and Auto Scaling group kept equal to this spec.",
        new PrinterColumn("Group", "string", ".status.groupName", "Auto Scaling group name"),
        new PrinterColumn("Desired", "integer", ".status.instances.desired", "Desired instances"),
        new PrinterColumn("InService", "integer", ".status.instances.inService", "Instances in service"),
        new PrinterColumn("Healthy", "integer", ".status.instances.healthy", "Healthy instances"),
        new PrinterColumn("Refresh", "string", ".status.instanceRefresh.status", "The running or last instance refresh", Priority: 1));
}

[JsonConverter(typeof(JsonStringEnumConverter<VolumeType>))]
public enum VolumeType
{
    [JsonStringEnumMemberName("gp3")] Gp3,
    [JsonStringEnumMemberName("gp2")] Gp2,
    [JsonStringEnumMemberName("io1")] Io1,
    [JsonStringEnumMemberName("io2")] Io2,
    [JsonStringEnumMemberName("st1")] St1,
    [JsonStringEnumMemberName("sc1")] Sc1,
    [JsonStringEnumMemberName("standard")] Standard,
}

[JsonConverter(typeof(JsonStringEnumConverter<HealthCheckType>))]
public enum HealthCheckType { EC2, ELB }

[JsonConverter(typeof(JsonStringEnumConverter<UpdateStrategyType>))]
public enum UpdateStrategyType { Rolling, OnDelete }

public record InstanceGroupSpec : ManagedSpec
{
    [JsonPropertyName("template")]
    [Description("The launch template of the instances.")]
    public required LaunchTemplateSpec Template { get; init; }

    [JsonPropertyName("subnetIds"), MinLength(1)]
    [Description("Subnets the instances are launched in.")]
    public required IReadOnlyList<string> SubnetIds { get; init; }

    [JsonPropertyName("minSize"), Range(0, 10000)]
    [Description("Minimum number of instances.")]
    public required int MinSize { get; init; }

    [JsonPropertyName("maxSize"), Range(0, 10000)]
    [Description("Maximum number of instances.")]
    public required int MaxSize { get; init; }

    [JsonPropertyName("desiredCapacity"), Range(0, 10000)]
    [Description("Desired instances; with a scaling policy it belongs to AWS and is not drift.")]
    public int? DesiredCapacity { get; init; }

    [JsonPropertyName("scaling")]
    [Description("Target tracking scaling: exactly one target.")]
    public ScalingSpec? Scaling { get; init; }

    [JsonPropertyName("loadBalancerRefs")]
    [Description("LoadBalancers whose target groups receive the instances.")]
    public IReadOnlyList<LocalObjectReference>? LoadBalancerRefs { get; init; }

    [JsonPropertyName("healthCheck")]
    [Description("How Auto Scaling decides an instance is unhealthy.")]
    public GroupHealthCheckSpec? HealthCheck { get; init; }

    [JsonPropertyName("updateStrategy")]
    [Description("What happens to running instances when the template changes.")]
    public UpdateStrategySpec? UpdateStrategy { get; init; }

    [JsonPropertyName("tags")]
    [Description("Tags on the group, propagated to instances.")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record LaunchTemplateSpec
{
    [JsonPropertyName("imageId"), RegularExpression("^ami-[0-9a-f]+$")]
    [Description("AMI id.")]
    public required string ImageId { get; init; }

    [JsonPropertyName("instanceType"), MinLength(1)]
    [Description("EC2 instance type, e.g. t3.micro.")]
    public required string InstanceType { get; init; }

    [JsonPropertyName("keyName")]
    [Description("EC2 key pair name.")]
    public string? KeyName { get; init; }

    [JsonPropertyName("securityGroupIds")]
    [Description("Security groups of the instances.")]
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    [JsonPropertyName("userData"), MaxLength(16384)]
    [Description("User data as plain text (Gureum base64-encodes it).")]
    public string? UserData { get; init; }

    [JsonPropertyName("iamRoleRef")]
    [Description("An IamRole in the same namespace whose instance profile the instances use.")]
    public LocalObjectReference? IamRoleRef { get; init; }

    [JsonPropertyName("requireImdsV2"), DefaultValue(true)]
    [Description("Require IMDSv2 session tokens for instance metadata.")]
    public bool RequireImdsV2 { get; init; } = true;

    [JsonPropertyName("blockDevices")]
    [Description("EBS volumes.")]
    public IReadOnlyList<BlockDeviceSpec>? BlockDevices { get; init; }

    [JsonPropertyName("tags")]
    [Description("Tags on instances and volumes.")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record BlockDeviceSpec
{
    [JsonPropertyName("deviceName"), RegularExpression("^/dev/[a-z0-9]+$")]
    [Description("Device name, e.g. /dev/xvda.")]
    public required string DeviceName { get; init; }

    [JsonPropertyName("volumeSizeGiB"), Range(1, 65536)]
    [Description("Volume size in GiB.")]
    public required int VolumeSizeGiB { get; init; }

    [JsonPropertyName("volumeType"), DefaultValue(VolumeType.Gp3)]
    [Description("EBS volume type.")]
    public VolumeType VolumeType { get; init; } = VolumeType.Gp3;

    [JsonPropertyName("encrypted"), DefaultValue(true)]
    [Description("Encrypt the volume.")]
    public bool Encrypted { get; init; } = true;

    [JsonPropertyName("deleteOnTermination"), DefaultValue(true)]
    [Description("Delete the volume with the instance.")]
    public bool DeleteOnTermination { get; init; } = true;

    [JsonPropertyName("iops"), Range(100, 256000)]
    [Description("Provisioned IOPS (gp3, io1, io2).")]
    public int? Iops { get; init; }

    [JsonPropertyName("throughputMiBps"), Range(125, 2000)]
    [Description("Throughput in MiB/s (gp3).")]
    public int? ThroughputMiBps { get; init; }
}

public sealed record ScalingSpec
{
    [JsonPropertyName("targetCpuUtilizationPercent"), Range(1, 100)]
    [Description("Keep average CPU utilisation at this percentage.")]
    public int? TargetCpuUtilizationPercent { get; init; }

    [JsonPropertyName("targetRequestsPerTarget"), Range(1, 1000000)]
    [Description("Keep load balancer requests per target at this number (needs loadBalancerRefs).")]
    public int? TargetRequestsPerTarget { get; init; }
}

public sealed record GroupHealthCheckSpec
{
    [JsonPropertyName("type"), DefaultValue(HealthCheckType.EC2)]
    [Description("EC2 status checks only, or ELB target health as well.")]
    public HealthCheckType Type { get; init; } = HealthCheckType.EC2;

    [JsonPropertyName("gracePeriodSeconds"), DefaultValue(300), Range(0, 7200)]
    [Description("Seconds after launch before health checks count.")]
    public int GracePeriodSeconds { get; init; } = 300;
}

public sealed record UpdateStrategySpec
{
    [JsonPropertyName("type"), DefaultValue(UpdateStrategyType.Rolling)]
    [Description("Rolling starts an instance refresh when the template changes; OnDelete uses the new template only for new instances.")]
    public UpdateStrategyType Type { get; init; } = UpdateStrategyType.Rolling;

    [JsonPropertyName("minHealthyPercentage"), DefaultValue(90), Range(0, 100)]
    [Description("Instance refresh keeps at least this percentage healthy.")]
    public int MinHealthyPercentage { get; init; } = 90;

    [JsonPropertyName("instanceWarmupSeconds"), Range(0, 3600)]
    [Description("Seconds a new instance needs before it counts as healthy.")]
    public int? InstanceWarmupSeconds { get; init; }
}

public sealed record InstanceGroupStatus : ResourceStatus
{
    [JsonPropertyName("groupName")]
    [Description("Auto Scaling group name.")]
    public string? GroupName { get; init; }

    [JsonPropertyName("groupArn")]
    [Description("Auto Scaling group ARN.")]
    public string? GroupArn { get; init; }

    [JsonPropertyName("launchTemplateId")]
    [Description("Launch template id.")]
    public string? LaunchTemplateId { get; init; }

    [JsonPropertyName("launchTemplateVersion")]
    [Description("Launch template version in use.")]
    public long? LaunchTemplateVersion { get; init; }

    [JsonPropertyName("instances")]
    [Description("Instance counts.")]
    public InstanceCounts? Instances { get; init; }

    [JsonPropertyName("instanceRefresh")]
    [Description("The running or last instance refresh.")]
    public InstanceRefreshStatus? InstanceRefresh { get; init; }
}

public sealed record InstanceCounts
{
    [JsonPropertyName("desired")]
    [Description("Desired capacity in AWS.")]
    public int Desired { get; init; }

    [JsonPropertyName("inService")]
    [Description("Instances InService.")]
    public int InService { get; init; }

    [JsonPropertyName("healthy")]
    [Description("Healthy instances.")]
    public int Healthy { get; init; }
}

public sealed record InstanceRefreshStatus
{
    [JsonPropertyName("id")]
    [Description("Instance refresh id.")]
    public string? Id { get; init; }

    [JsonPropertyName("status")]
    [Description("Pending, InProgress, Successful, Failed, Cancelled...")]
    public string? Status { get; init; }

    [JsonPropertyName("percentComplete")]
    [Description("Progress in percent.")]
    public int? PercentComplete { get; init; }
}
