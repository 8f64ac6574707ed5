using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Controllers.InstanceGroups;
using Gureum.Controllers.Tests.InstanceGroups;
using Xunit;

namespace Gureum.Controllers.Tests.Rollouts;

/// <summary>Rollout through its InstanceGroups against the EC2, Auto Scaling and ELBv2 emulators.</summary>
public sealed class RolloutControllerTests(InstanceGroupFixture env) : IClassFixture<InstanceGroupFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private async Task<Rollout> WaitForPhaseAsync(string name, RolloutPhase phase) =>
        (await Eventually.Value(() => env.GetAsync<Rollout>(name), rollout => rollout?.Status?.Phase == phase, $"{name} is {phase}", Patience,
            rollout => System.Text.Json.JsonSerializer.Serialize(rollout?.Status)))!;

    private async Task<string> ImageAsync() =>
        (await env.Aws.Ec2Network.DescribeImagesAsync(null, ["amazon"], [Ec2Filter.Of("name", "al2023-ami-2023*-x86_64")], CancellationToken.None))
        .OrderByDescending(i => i.CreationDate).First().ImageId;

    private async Task<string> LoadBalancerAsync(string name)
    {
        await env.CreateAsync(TestObjects.LoadBalancer(name).WithSpec(spec => spec with
        {
            TargetGroup = spec.TargetGroup with
            {
                DeregistrationDelaySeconds = 5,
                HealthCheck = new TargetHealthCheckSpec { Path = "/", IntervalSeconds = 10, TimeoutSeconds = 5, HealthyThreshold = 2, UnhealthyThreshold = 2 },
            },
        }).Build());
        var lb = await env.WaitForAsync<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);
        return lb.Status!.TargetGroupArn!;
    }

    private async Task<Rollout> RolloutAsync(string name, RolloutStrategy strategy) => new Rollout
    {
        Metadata = new() { Name = name, NamespaceProperty = ControllerFixture.Namespace },
        Spec = new RolloutSpec
        {
            Template = TestObjects.InstanceGroupSpec() with
            {
                Template = new LaunchTemplateSpec { ImageId = await ImageAsync(), InstanceType = "t3.micro", SecurityGroupIds = [EmulatorNetwork.DefaultSecurityGroup] },
                SubnetIds = [EmulatorNetwork.SubnetA, EmulatorNetwork.SubnetB],
                MinSize = 2,
                MaxSize = 4,
                DesiredCapacity = 2,
                HealthCheck = new GroupHealthCheckSpec { Type = HealthCheckType.ELB, GracePeriodSeconds = 120 },
            },
            LoadBalancerRef = new LocalObjectReference { Name = name },
            Strategy = strategy,
            ProgressDeadlineSeconds = 60,
        },
    };

    private async Task<IReadOnlyList<string>> HealthyTargetsAsync(string targetGroupArn) =>
        [.. (await env.Aws.Elbv2.DescribeTargetHealthAsync(targetGroupArn, null, CancellationToken.None)).Where(t => t.State == "healthy").Select(t => t.Target.Id).Order()];

    private async Task<IReadOnlyList<string>> InstancesOfAsync(string groupObject) =>
        [.. ((await env.Aws.AutoScaling.DescribeAutoScalingGroupsAsync([GroupNames.For(ControllerFixture.Namespace, groupObject)], CancellationToken.None)).SingleOrDefault()?.Instances ?? [])
            .Where(i => i.LifecycleState == AsgValues.InService).Select(i => i.InstanceId).Order()];

    [Fact]
    public async Task Blue_green_moves_traffic_to_a_healthy_green_and_deletes_blue_after_the_delay()
    {
        var name = env.UniqueName("bg");
        var targetGroup = await LoadBalancerAsync(name);
        await env.CreateAsync(await RolloutAsync(name, new RolloutStrategy { Type = RolloutStrategyType.BlueGreen, BlueGreen = new BlueGreenStrategy { BlueTerminationDelaySeconds = 6 } }));
        var blue = (await WaitForPhaseAsync(name, RolloutPhase.Healthy)).Status!.ActiveGroup!;

        await env.PatchAsync<Rollout>(name, """{"spec":{"template":{"template":{"instanceType":"t3.large"}}}}""");

        var done = await Eventually.Value(() => env.GetAsync<Rollout>(name), r => r?.Status is { Phase: RolloutPhase.Healthy, CurrentRevision: 2 }, "revision 2 is Healthy", Patience);
        var green = done!.Status!.ActiveGroup!;
        Assert.NotEqual(blue, green);
        // Detached blue stays a valid InstanceGroup (EC2 health checks without a target group) until it is deleted.
        var stalledBlue = false;
        await Eventually.True(async () =>
        {
            var group = await env.GetAsync<InstanceGroup>(blue);
            stalledBlue |= ControllerFixture.ConditionOf(group, ConditionTypes.Stalled)?.Status == ConditionStatus.True;
            return group is null;
        }, "blue is deleted after the delay", Patience);
        Assert.False(stalledBlue, "the detached blue group stalled");
        await Eventually.True(async () => (await HealthyTargetsAsync(targetGroup)).SequenceEqual(await InstancesOfAsync(green)) && (await InstancesOfAsync(green)).Count == 2,
            "the target group holds exactly green's instances", Patience);
        var history = done.Status.History!;
        Assert.Equal([(2L, RevisionOutcome.Succeeded), (1L, RevisionOutcome.Succeeded)], history.Select(r => (r.Revision, r.Outcome ?? RevisionOutcome.Progressing)));
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "Promoted");
    }

    [Fact]
    public async Task A_revision_whose_instances_fail_health_checks_is_rolled_back_and_blue_keeps_serving()
    {
        var name = env.UniqueName("rb");
        var targetGroup = await LoadBalancerAsync(name);
        await env.CreateAsync(await RolloutAsync(name, new RolloutStrategy { Type = RolloutStrategyType.BlueGreen, BlueGreen = new BlueGreenStrategy { BlueTerminationDelaySeconds = 2 } }));
        var blue = (await WaitForPhaseAsync(name, RolloutPhase.Healthy)).Status!.ActiveGroup!;

        await env.PatchAsync<Rollout>(name, """{"spec":{"template":{"template":{"userData":"#!/bin/sh\n#gureum-emulator: unhealthy\n"}}}}""");

        var rolledBack = await WaitForPhaseAsync(name, RolloutPhase.RolledBack);
        Assert.Equal((blue, 1L), (rolledBack.Status!.ActiveGroup, rolledBack.Status.StableRevision));
        Assert.Contains("health check", rolledBack.Status.History![0].Message);
        var green = rolledBack.Status.History[0].GroupName!;
        await Eventually.True(async () => await env.GetAsync<InstanceGroup>(green) is null, "the failed group is deleted", Patience);
        Assert.NotNull(await env.GetAsync<InstanceGroup>(blue));
        await Eventually.True(async () => (await HealthyTargetsAsync(targetGroup)).SequenceEqual(await InstancesOfAsync(blue)), "blue's instances are the healthy targets", Patience);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == ConditionReasons.RolledBack);
        var ready = ControllerFixture.ConditionOf(await env.GetAsync<Rollout>(name), ConditionTypes.Ready);
        Assert.Equal((ConditionStatus.False, ConditionReasons.RolledBack), (ready!.Status, ready.Reason));
    }

    [Fact]
    public async Task Without_auto_promotion_green_waits_in_preview_until_the_promote_annotation()
    {
        var name = env.UniqueName("manual");
        await LoadBalancerAsync(name);
        await env.CreateAsync(await RolloutAsync(name, new RolloutStrategy
        {
            Type = RolloutStrategyType.BlueGreen,
            BlueGreen = new BlueGreenStrategy { BlueTerminationDelaySeconds = 2, AutoPromotion = false },
        }));
        var blue = (await WaitForPhaseAsync(name, RolloutPhase.Healthy)).Status!.ActiveGroup!;

        await env.PatchAsync<Rollout>(name, """{"spec":{"template":{"template":{"instanceType":"t3.large"}}}}""");

        // Healthy as Auto Scaling sees it, not yet serving: the Rollout waits for the annotation.
        var waiting = await Eventually.Value(() => env.GetAsync<Rollout>(name),
            r => ControllerFixture.ConditionOf(r, ConditionTypes.Ready)?.Message?.Contains(Annotations.Promote, StringComparison.Ordinal) == true,
            "green waits for promotion", Patience);
        var green = waiting!.Status!.PreviewGroup!;
        Assert.Equal((RolloutPhase.Progressing, blue), (waiting.Status.Phase, waiting.Status.ActiveGroup));
        Assert.Null((await env.GetAsync<InstanceGroup>(green))!.Spec.LoadBalancerRefs);

        await env.PatchAsync<Rollout>(name, """{"metadata":{"annotations":{"gureum.dev/promote":"true"}}}""");

        var promoted = await Eventually.Value(() => env.GetAsync<Rollout>(name), r => r?.Status is { Phase: RolloutPhase.Healthy, CurrentRevision: 2 }, "revision 2 is Healthy", Patience,
            r => System.Text.Json.JsonSerializer.Serialize(r?.Status));
        Assert.Equal(green, promoted!.Status!.ActiveGroup);
        await Eventually.True(async () => await env.GetAsync<InstanceGroup>(blue) is null, "blue is deleted after the delay", Patience);
    }

    [Fact]
    public async Task In_place_one_at_a_time_replaces_every_instance_and_never_drops_below_n_minus_one_healthy_targets()
    {
        var name = env.UniqueName("ip");
        var targetGroup = await LoadBalancerAsync(name);
        await env.CreateAsync(await RolloutAsync(name, new RolloutStrategy { Type = RolloutStrategyType.InPlace, InPlace = new InPlaceStrategy { BatchSize = BatchSize.OneAtATime } }));
        await WaitForPhaseAsync(name, RolloutPhase.Healthy);
        var before = await InstancesOfAsync(name);
        await Eventually.True(async () => (await HealthyTargetsAsync(targetGroup)).Count == 2, "both targets are healthy");

        await env.PatchAsync<Rollout>(name, """{"spec":{"template":{"template":{"instanceType":"t3.large"}}}}""");
        var lowest = int.MaxValue;
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                lowest = Math.Min(lowest, (await HealthyTargetsAsync(targetGroup)).Count);
                await Task.Delay(50, CancellationToken.None);
            }
        });

        await Eventually.Value(() => env.GetAsync<Rollout>(name), r => r?.Status is { Phase: RolloutPhase.Healthy, CurrentRevision: 2 }, "revision 2 is Healthy", Patience);
        await stop.CancelAsync();
        await watching;

        var after = await InstancesOfAsync(name);
        Assert.Empty(before.Intersect(after));
        Assert.True(lowest >= 1, $"healthy targets fell to {lowest} during the rollout");
        var group = (await env.Aws.AutoScaling.DescribeAutoScalingGroupsAsync([GroupNames.For(ControllerFixture.Namespace, name)], CancellationToken.None)).Single();
        Assert.All(group.Instances.Where(i => i.LifecycleState == AsgValues.InService), i => Assert.Equal("t3.large", i.InstanceType));
    }
}
