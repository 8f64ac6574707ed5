using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;

namespace Gureum.Controllers.InstanceGroups;

/// <summary>What one pass read of an InstanceGroup in EC2 and Auto Scaling.</summary>
internal sealed record GroupState(
    DesiredGroup Desired,
    Ec2LaunchTemplate? Template,
    Ec2LaunchTemplateVersion? DefaultVersion,
    AsgGroup? Group,
    IReadOnlyList<AsgScalingPolicy> Policies,
    AsgInstanceRefresh? LatestRefresh)
{
    public static GroupState Absent(DesiredGroup desired) => new(desired, null, null, null, [], null);

    public AsgScalingPolicy? OurPolicy => Policies.FirstOrDefault(p => p.PolicyName == GroupNames.ScalingPolicy);

    public bool RefreshRunning => LatestRefresh?.Status is AsgValues.RefreshPending or AsgValues.RefreshInProgress or AsgValues.RefreshCancelling;

    /// <summary>Instances still running a version other than the template's default (none when either is unknown).</summary>
    public IReadOnlyList<AsgInstance> OutdatedInstances =>
        Group is null || Template is null
            ? []
            : [.. Group.Instances.Where(i => IsLive(i) && i.LaunchTemplate?.Version is { } version
                && version != Template.DefaultVersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public int InService => Group?.Instances.Count(i => i.LifecycleState == AsgValues.InService) ?? 0;

    public int Healthy => Group?.Instances.Count(i => i.LifecycleState == AsgValues.InService && i.HealthStatus == AsgValues.Healthy) ?? 0;

    private static bool IsLive(AsgInstance instance) =>
        !instance.LifecycleState.StartsWith("Terminat", StringComparison.Ordinal);
}
