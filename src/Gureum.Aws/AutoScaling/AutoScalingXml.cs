using System.Globalization;
using System.Xml.Linq;
using Gureum.Aws.Http;

namespace Gureum.Aws.AutoScaling;

/// <summary>Auto Scaling's response shapes (lists as <c>member</c>) read into the client's records, and the
/// request structures written as Query parameters.</summary>
internal static class AutoScalingXml
{
    public const string GroupResourceType = "auto-scaling-group";

    public static AsgGroup Group(XElement e) => new(
        e.RequiredText("AutoScalingGroupName"),
        e.Text("AutoScalingGroupARN") ?? "",
        LaunchTemplate(e.Child("LaunchTemplate")),
        e.Int("MinSize") ?? 0,
        e.Int("MaxSize") ?? 0,
        e.Int("DesiredCapacity") ?? 0,
        SubnetIds(e.Text("VPCZoneIdentifier")),
        Strings(e, "TargetGroupARNs"),
        e.Text("HealthCheckType") ?? AsgValues.HealthCheckEc2,
        e.Int("HealthCheckGracePeriod") ?? 0,
        e.Int("DefaultInstanceWarmup"),
        e.Items("Instances", "member").Select(Instance).ToList(),
        e.Items("Tags", "member").Select(Tag).ToList(),
        e.Text("Status"),
        e.Time("CreatedTime") ?? throw new FormatException("<AutoScalingGroup> has no <CreatedTime>."));

    public static AsgInstance Instance(XElement e) => new(
        e.RequiredText("InstanceId"),
        e.Text("AvailabilityZone") ?? "",
        e.Text("LifecycleState") ?? "",
        e.Text("HealthStatus") ?? "",
        LaunchTemplate(e.Child("LaunchTemplate")),
        e.Text("InstanceType"),
        e.Bool("ProtectedFromScaleIn"));

    public static AsgTag Tag(XElement e) =>
        new(e.Text("ResourceId") ?? "", e.RequiredText("Key"), e.Text("Value") ?? "", e.Bool("PropagateAtLaunch"));

    public static AsgScalingPolicy Policy(XElement e)
    {
        var tracking = e.Child("TargetTrackingConfiguration");
        var metric = tracking?.Child("PredefinedMetricSpecification");
        return new AsgScalingPolicy(
            e.Text("AutoScalingGroupName") ?? "",
            e.RequiredText("PolicyName"),
            e.Text("PolicyARN") ?? "",
            e.Text("PolicyType") ?? "",
            metric?.Text("PredefinedMetricType"),
            tracking?.Text("TargetValue") is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null,
            metric?.Text("ResourceLabel"),
            tracking?.Bool("DisableScaleIn") ?? false,
            e.Int("EstimatedInstanceWarmup"));
    }

    public static AsgInstanceRefresh Refresh(XElement e) => new(
        e.RequiredText("InstanceRefreshId"),
        e.Text("AutoScalingGroupName") ?? "",
        e.Text("Status") ?? "",
        e.Text("StatusReason"),
        e.Int("PercentageComplete"),
        e.Int("InstancesToUpdate"),
        e.Time("StartTime"),
        e.Time("EndTime"));

    public static AsgActivity Activity(XElement e) => new(
        e.RequiredText("ActivityId"),
        e.Text("AutoScalingGroupName") ?? "",
        e.Text("Description") ?? "",
        e.Text("Cause") ?? "",
        e.Text("StatusCode") ?? "",
        e.Time("StartTime") ?? throw new FormatException("<Activity> has no <StartTime>."));

    private static AsgLaunchTemplate? LaunchTemplate(XElement? e) =>
        e is null ? null : new AsgLaunchTemplate(e.Text("LaunchTemplateId"), e.Text("LaunchTemplateName"), e.Text("Version"));

    /// <summary>VPCZoneIdentifier is one string: subnet ids separated by commas (AWS adds no spaces, but tolerate them).</summary>
    public static IReadOnlyList<string> SubnetIds(string? vpcZoneIdentifier) =>
        string.IsNullOrWhiteSpace(vpcZoneIdentifier) ? []
        : vpcZoneIdentifier.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<string> Strings(XElement e, string name) => e.Items(name, "member").Select(m => m.Value).ToList();

    public static QueryRequest AddLaunchTemplate(this QueryRequest request, string prefix, AsgLaunchTemplate? template) =>
        template is null ? request
        : request.Add(prefix + "LaunchTemplateId", template.LaunchTemplateId)
            .Add(prefix + "LaunchTemplateName", template.LaunchTemplateName)
            .Add(prefix + "Version", template.Version);

    public static QueryRequest AddSubnets(this QueryRequest request, IReadOnlyList<string>? subnetIds) =>
        subnetIds is null ? request : request.Add("VPCZoneIdentifier", string.Join(',', subnetIds));

    /// <summary>Tags.member.N.{ResourceId, ResourceType, Key, Value, PropagateAtLaunch}; with <paramref name="keysOnly"/>
    /// (DeleteTags) no value and no PropagateAtLaunch.</summary>
    public static QueryRequest AddTags(this QueryRequest request, IReadOnlyList<AsgTag> tags, bool keysOnly = false) =>
        request.AddStructList("Tags", tags, (q, prefix, tag) =>
        {
            q.Add(prefix + "ResourceId", tag.ResourceId).Add(prefix + "ResourceType", GroupResourceType).Add(prefix + "Key", tag.Key);
            if (!keysOnly)
                q.Add(prefix + "Value", tag.Value).Add(prefix + "PropagateAtLaunch", tag.PropagateAtLaunch);
        });

    /// <summary>Tags at CreateAutoScalingGroup: the group is the one being created, so each tag names it.</summary>
    public static QueryRequest AddGroupTags(this QueryRequest request, string groupName, IReadOnlyList<AsgTag> tags) =>
        request.AddTags(tags.Select(t => t with { ResourceId = groupName }).ToList());
}
