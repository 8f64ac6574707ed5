using System.Globalization;
using System.Text;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.InstanceGroups;

/// <summary>
/// Pure comparison of an InstanceGroup with what EC2 and Auto Scaling hold. Instances coming and
/// going are not differences, and neither is the desired capacity once a scaling policy owns it;
/// instances on an older template version are, under the Rolling strategy, until a refresh ran.
/// </summary>
internal static class GroupComparer
{
    public const string TemplatePath = "spec.template";
    public const string GroupTemplatePath = "spec.template (version in use)";
    public const string InstancesPath = "spec.updateStrategy (instances)";

    public static IReadOnlyList<DriftEntry> Compare(GroupState state)
    {
        var desired = state.Desired;
        var entries = new List<DriftEntry>();
        if (state.Template is null || state.DefaultVersion is null)
            entries.Add(Drift.Missing(TemplatePath));
        else
            entries.AddRange(Template(desired.Template, state.DefaultVersion.Data));
        if (state.Group is not { } group)
        {
            entries.Add(Drift.Missing());
            return entries;
        }
        if (state.Template is { } template)
            entries.AddRange(Drift.Scalar(GroupTemplatePath, Version(template.LaunchTemplateId, template.DefaultVersionNumber),
                Version(group.LaunchTemplate?.LaunchTemplateId, group.LaunchTemplate?.Version)));
        entries.AddRange(Drift.Scalar("spec.minSize", desired.MinSize, group.MinSize));
        entries.AddRange(Drift.Scalar("spec.maxSize", desired.MaxSize, group.MaxSize));
        if (desired.ManagedDesiredCapacity is { } capacity)
            entries.AddRange(Drift.Scalar("spec.desiredCapacity", capacity, group.DesiredCapacity));
        entries.AddRange(Drift.Set("spec.subnetIds", desired.SubnetIds, group.SubnetIds));
        entries.AddRange(Drift.Set("spec.loadBalancerRefs", desired.TargetGroupArns, group.TargetGroupArns));
        entries.AddRange(Drift.Scalar("spec.healthCheck.type", desired.HealthCheckType, group.HealthCheckType));
        entries.AddRange(Drift.Scalar("spec.healthCheck.gracePeriodSeconds", desired.HealthCheckGracePeriod, group.HealthCheckGracePeriod));
        entries.AddRange(Drift.Tags("spec.tags", desired.Tags, GroupTags(group)));
        entries.AddRange(Drift.Scalar("spec.scaling", Describe(desired.Policy), Describe(state.OurPolicy)));
        if (desired.Strategy.Type == UpdateStrategyType.Rolling && !state.RefreshRunning && state.LatestRefresh?.Status != AsgValues.RefreshFailed
            && state.LatestRefresh?.Status != AsgValues.RefreshCancelled && state.OutdatedInstances is { Count: > 0 } outdated)
            entries.Add(Drift.Entry(InstancesPath, $"every instance on version {state.Template!.DefaultVersionNumber}",
                $"{outdated.Count} on older versions"));
        return entries;
    }

    /// <summary>The launch template's fields, each its own entry.</summary>
    public static IEnumerable<DriftEntry> Template(Ec2LaunchTemplateData desired, Ec2LaunchTemplateData actual)
    {
        const string path = TemplatePath + ".";
        foreach (var entry in Drift.Scalar(path + "imageId", desired.ImageId, actual.ImageId)) yield return entry;
        foreach (var entry in Drift.Scalar(path + "instanceType", desired.InstanceType, actual.InstanceType)) yield return entry;
        foreach (var entry in Drift.Scalar(path + "keyName", desired.KeyName, actual.KeyName)) yield return entry;
        foreach (var entry in Drift.Set(path + "securityGroupIds", desired.SecurityGroupIds, actual.SecurityGroupIds)) yield return entry;
        if (desired.UserDataBase64 != actual.UserDataBase64)
            yield return Drift.Entry(path + "userData", Digest(desired.UserDataBase64), Digest(actual.UserDataBase64));
        foreach (var entry in Drift.Scalar(path + "iamRoleRef", desired.IamInstanceProfileArn, actual.IamInstanceProfileArn)) yield return entry;
        foreach (var entry in Drift.Scalar(path + "requireImdsV2", desired.HttpTokens, actual.HttpTokens ?? "optional")) yield return entry;
        foreach (var entry in Drift.Scalar(path + "blockDevices", Describe(desired.BlockDevices), Describe(actual.BlockDevices))) yield return entry;
        foreach (var entry in Drift.Tags(path + "tags", ToMap(desired.InstanceTags), ToMap(actual.InstanceTags))) yield return entry;
    }

    /// <summary>The group's tags as a map (the ownership tags included), without AWS's own.</summary>
    public static IReadOnlyDictionary<string, string> GroupTags(AsgGroup group) =>
        group.Tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    public static string Version(string? templateId, long version) => Version(templateId, version.ToString(CultureInfo.InvariantCulture));

    public static string Version(string? templateId, string? version) => $"{templateId ?? "(none)"} version {version ?? "(none)"}";

    private static string? Describe(DesiredPolicy? policy) =>
        policy is null ? null : Describe(policy.MetricType, policy.TargetValue, policy.ResourceLabel);

    private static string? Describe(AsgScalingPolicy? policy) =>
        policy is null ? null : Describe(policy.MetricType ?? policy.PolicyType, policy.TargetValue ?? 0, policy.ResourceLabel);

    private static string Describe(string metric, double target, string? label) =>
        $"{metric} {target.ToString(CultureInfo.InvariantCulture)}" + (label is null ? "" : $" ({label})");

    private static string Describe(IReadOnlyList<Ec2BlockDevice> devices) =>
        string.Join(", ", devices.OrderBy(d => d.DeviceName, StringComparer.Ordinal).Select(d =>
            $"{d.DeviceName} {d.VolumeSizeGiB}GiB {d.VolumeType}{(d.Encrypted ? " encrypted" : "")}{(d.DeleteOnTermination ? "" : " kept")}"
            + (d.Iops is { } iops ? $" {iops}iops" : "") + (d.ThroughputMiBps is { } mibps ? $" {mibps}MiB/s" : "")));

    /// <summary>User data may hold anything a user put there: status shows its size and a digest, never the text.</summary>
    private static string? Digest(string? base64)
    {
        if (base64 is null)
            return null;
        var bytes = Encoding.ASCII.GetBytes(base64);
        return $"{base64.Length} base64 characters, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..12]}";
    }

    private static IReadOnlyDictionary<string, string> ToMap(IReadOnlyList<Ec2Tag> tags) =>
        tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}
