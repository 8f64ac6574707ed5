using System.Text;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.InstanceGroups;

/// <summary>The target tracking policy the spec asks for.</summary>
internal sealed record DesiredPolicy(string MetricType, double TargetValue, string? ResourceLabel);

/// <summary>What an InstanceGroup's spec means in AWS terms, once its references are resolved.</summary>
internal sealed record DesiredGroup(
    string Name,
    Ec2LaunchTemplateData Template,
    int MinSize,
    int MaxSize,
    int? DesiredCapacity,
    bool CapacityBelongsToScaler,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> TargetGroupArns,
    string HealthCheckType,
    int HealthCheckGracePeriod,
    DesiredPolicy? Policy,
    UpdateStrategySpec Strategy,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <param name="instanceProfileArn">The referenced IamRole's instance profile, when the template names one.</param>
    /// <param name="targetGroupArns">The referenced LoadBalancers' target groups, in spec order.</param>
    /// <param name="requestLabel">ALBRequestCountPerTarget's resource label of the first load balancer (requests per target only).</param>
    public static DesiredGroup From(InstanceGroupSpec spec, string name, OwnerClaim claim, string? instanceProfileArn,
        IReadOnlyList<string> targetGroupArns, string? requestLabel)
    {
        var template = spec.Template;
        var tags = new Dictionary<string, string>(spec.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in claim.Tags)
            tags[key] = value;
        var data = new Ec2LaunchTemplateData
        {
            ImageId = template.ImageId,
            InstanceType = template.InstanceType,
            KeyName = string.IsNullOrEmpty(template.KeyName) ? null : template.KeyName,
            SecurityGroupIds = [.. (template.SecurityGroupIds ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            UserDataBase64 = string.IsNullOrEmpty(template.UserData) ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(template.UserData)),
            IamInstanceProfileArn = instanceProfileArn,
            HttpTokens = template.RequireImdsV2 ? "required" : "optional",
            BlockDevices = [.. (template.BlockDevices ?? []).OrderBy(d => d.DeviceName, StringComparer.Ordinal).Select(device =>
                new Ec2BlockDevice(device.DeviceName, device.VolumeSizeGiB, VolumeTypeName(device.VolumeType), device.Encrypted, device.DeleteOnTermination)
                {
                    Iops = device.Iops,
                    ThroughputMiBps = device.ThroughputMiBps,
                })],
            InstanceTags = [.. (template.Tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Ec2Tag(t.Key, t.Value))],
        };
        var policy = spec.Scaling switch
        {
            { TargetCpuUtilizationPercent: { } cpu } => new DesiredPolicy(AsgValues.AverageCpu, cpu, null),
            { TargetRequestsPerTarget: { } requests } => new DesiredPolicy(AsgValues.RequestCountPerTarget, requests, requestLabel),
            _ => null,
        };
        return new DesiredGroup(
            name,
            data,
            spec.MinSize,
            spec.MaxSize,
            spec.DesiredCapacity,
            CapacityBelongsToScaler: policy is not null,
            [.. spec.SubnetIds.Distinct(StringComparer.Ordinal)],
            [.. targetGroupArns.Distinct(StringComparer.Ordinal)],
            spec.HealthCheck?.Type == Gureum.Api.V1Alpha1.HealthCheckType.ELB ? AsgValues.HealthCheckElb : AsgValues.HealthCheckEc2,
            spec.HealthCheck?.GracePeriodSeconds ?? 300,
            policy,
            spec.UpdateStrategy ?? new UpdateStrategySpec(),
            tags);
    }

    /// <summary>The desired capacity Gureum keeps equal, or null when it is not Gureum's to keep (unset, or the scaler's).</summary>
    public int? ManagedDesiredCapacity => CapacityBelongsToScaler ? null : DesiredCapacity;

    public static string VolumeTypeName(VolumeType type) => type.ToString().ToLowerInvariant();
}
