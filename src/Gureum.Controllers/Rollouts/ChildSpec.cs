using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Rollouts;

/// <summary>Pure: the InstanceGroup spec of one of a Rollout's groups.</summary>
internal static class ChildSpec
{
    public static InstanceGroupSpec For(RolloutSpec rollout, InstanceGroupSpec template, bool attached) => template with
    {
        LoadBalancerRefs = attached && rollout.LoadBalancerRef is { } lb ? [lb] : null,
        // ELB health checks need a target group: a detached group falls back to EC2's.
        HealthCheck = attached || template.HealthCheck is not { Type: HealthCheckType.ELB } ? template.HealthCheck : template.HealthCheck with { Type = HealthCheckType.EC2 },
        UpdateStrategy = rollout.Strategy.Type == RolloutStrategyType.InPlace
            ? new UpdateStrategySpec
            {
                Type = UpdateStrategyType.Rolling,
                MinHealthyPercentage = MinHealthyPercentage(rollout.Strategy.InPlace, template),
                InstanceWarmupSeconds = template.UpdateStrategy?.InstanceWarmupSeconds,
            }
            : template.UpdateStrategy,
        DeletionPolicy = rollout.DeletionPolicy,
        ManagementPolicy = rollout.ManagementPolicy,
        DriftPolicy = rollout.DriftPolicy,
    };

    /// <summary>CodeDeploy's batch sizes as an instance refresh's minimum healthy percentage: OneAtATime keeps
    /// N-1 healthy, HalfAtATime half, AllAtOnce none.</summary>
    public static int MinHealthyPercentage(InPlaceStrategy? strategy, InstanceGroupSpec template)
    {
        if (strategy?.MinHealthyPercentage is { } explicitPercentage)
            return explicitPercentage;
        var size = Math.Max(1, template.DesiredCapacity ?? template.MinSize);
        return strategy?.BatchSize switch
        {
            BatchSize.AllAtOnce => 0,
            BatchSize.HalfAtATime => 50,
            _ => size <= 1 ? 0 : (int)Math.Floor(100.0 * (size - 1) / size),
        };
    }
}
