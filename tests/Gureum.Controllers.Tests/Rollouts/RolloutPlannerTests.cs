using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Rollouts;
using Xunit;

namespace Gureum.Controllers.Tests.Rollouts;

public sealed class RolloutPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static RolloutSpec BlueGreen(string instanceType = "t3.micro", bool autoPromotion = true, bool autoRollback = true) => new()
    {
        Template = TestObjects.InstanceGroupSpec() with { Template = TestObjects.InstanceGroupSpec().Template with { InstanceType = instanceType }, MinSize = 2, MaxSize = 4 },
        LoadBalancerRef = new LocalObjectReference { Name = "web" },
        Strategy = new RolloutStrategy { Type = RolloutStrategyType.BlueGreen, BlueGreen = new BlueGreenStrategy { BlueTerminationDelaySeconds = 60, AutoPromotion = autoPromotion } },
        ProgressDeadlineSeconds = 300,
        AutoRollback = autoRollback,
    };

    private static RolloutSpec InPlace(string instanceType = "t3.micro") => BlueGreen(instanceType) with
    {
        Strategy = new RolloutStrategy { Type = RolloutStrategyType.InPlace, InPlace = new InPlaceStrategy { BatchSize = BatchSize.OneAtATime } },
    };

    private static string Hash(RolloutSpec spec) => RolloutNames.TemplateHash(spec.Template);

    private static ChildGroup Group(RolloutSpec spec, string name, long revision, bool attached = true, GroupHealth? health = null, bool ready = false,
        DateTimeOffset? detachedAt = null, string? stableJson = null) =>
        new(name, Hash(spec), revision, attached, detachedAt, false, RolloutNames.WriteTemplate(spec.Template), stableJson, null, health) { Ready = ready };

    private static RolloutState State(RolloutSpec spec, RolloutStatus? status, DateTimeOffset now, params ChildGroup[] children) =>
        new(spec, status, "web", Hash(spec), children, false, now);

    /// <summary>Revision 1 of <paramref name="spec"/> serving and healthy, as a finished first rollout leaves it.</summary>
    private static (RolloutStatus Status, ChildGroup Group) Stable(RolloutSpec spec)
    {
        var name = RolloutNames.GroupName("web", spec.Strategy.Type, Hash(spec));
        var group = Group(spec, name, 1, health: new GroupHealth(2, 2, 0), ready: true);
        var plan = RolloutPlanner.Plan(State(spec, null, T0, group));
        Assert.Equal(RolloutPhase.Healthy, plan.Status.Phase);
        return (plan.Status, group);
    }

    [Fact]
    public void A_first_revision_creates_its_group_serving_and_becomes_Healthy_when_every_target_is()
    {
        var spec = BlueGreen();
        var first = RolloutPlanner.Plan(State(spec, null, T0));
        var create = Assert.IsType<CreateGroup>(Assert.Single(first.Actions));
        Assert.Equal(($"web-{Hash(spec)}", 1L, true), (create.Group, create.Revision, create.Attached));
        Assert.Equal(RolloutPhase.Progressing, first.Status.Phase);

        var waiting = RolloutPlanner.Plan(State(spec, first.Status, T0.AddSeconds(10), Group(spec, create.Group, 1, health: new GroupHealth(2, 1, 0))));
        Assert.Empty(waiting.Actions);
        Assert.Contains("1 of 2", waiting.Waiting);

        var healthy = RolloutPlanner.Plan(State(spec, first.Status, T0.AddSeconds(20), Group(spec, create.Group, 1, health: new GroupHealth(2, 2, 0), ready: true)));
        Assert.Equal((RolloutPhase.Healthy, 1L, create.Group), (healthy.Status.Phase, healthy.Status.StableRevision, healthy.Status.ActiveGroup));
        Assert.Equal(RevisionOutcome.Succeeded, healthy.Status.History![0].Outcome);
    }

    [Fact]
    public void A_new_revision_starts_green_beside_blue_then_detaches_blue_and_deletes_it_after_the_delay()
    {
        var v1 = BlueGreen();
        var (status, blue) = Stable(v1);
        var v2 = BlueGreen("t3.large");
        var greenName = $"web-{Hash(v2)}";

        var start = RolloutPlanner.Plan(State(v2, status, T0.AddMinutes(1), blue));
        Assert.Equal(greenName, Assert.IsType<CreateGroup>(Assert.Single(start.Actions)).Group);
        Assert.Equal((2L, blue.Name, greenName), (start.Status.CurrentRevision, start.Status.ActiveGroup, start.Status.PreviewGroup));

        var green = Group(v2, greenName, 2, health: new GroupHealth(2, 2, 0), ready: true);
        var promote = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(2), blue, green));
        Assert.Equal(new SetAttached(blue.Name, false), Assert.Single(promote.Actions));
        Assert.Equal((RolloutPhase.Healthy, greenName, 2L), (promote.Status.Phase, promote.Status.ActiveGroup, promote.Status.StableRevision));

        var detached = blue with { Attached = false, DetachedAt = T0.AddMinutes(2) };
        Assert.Empty(RolloutPlanner.Plan(State(v2, promote.Status, T0.AddMinutes(2).AddSeconds(59), detached, green)).Actions);
        Assert.Equal(new DeleteGroup(blue.Name), Assert.Single(RolloutPlanner.Plan(State(v2, promote.Status, T0.AddMinutes(3), detached, green)).Actions));
    }

    [Fact]
    public void An_unhealthy_green_is_rolled_back_blue_keeps_serving_and_the_revision_is_not_tried_again()
    {
        var (status, blue) = Stable(BlueGreen());
        var v2 = BlueGreen("t3.large");
        var start = RolloutPlanner.Plan(State(v2, status, T0.AddMinutes(1), blue));
        var sick = Group(v2, $"web-{Hash(v2)}", 2, health: new GroupHealth(2, 0, 1));

        var rollback = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(2), blue, sick));

        Assert.Equal(new DeleteGroup(sick.Name), Assert.Single(rollback.Actions));
        Assert.Equal((RolloutPhase.RolledBack, blue.Name, 1L), (rollback.Status.Phase, rollback.Status.ActiveGroup, rollback.Status.StableRevision));
        Assert.Contains("failed the load balancer's health check", rollback.Status.History![0].Message);
        var after = RolloutPlanner.Plan(State(v2, rollback.Status, T0.AddMinutes(3), blue));
        Assert.Empty(after.Actions);
        Assert.Equal(RolloutPhase.RolledBack, after.Status.Phase);
    }

    [Fact]
    public void A_green_not_healthy_within_the_deadline_is_rolled_back()
    {
        var (status, blue) = Stable(BlueGreen());
        var v2 = BlueGreen("t3.large");
        var start = RolloutPlanner.Plan(State(v2, status, T0.AddMinutes(1), blue));
        var slow = Group(v2, $"web-{Hash(v2)}", 2, health: new GroupHealth(2, 1, 0));

        Assert.Empty(RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(5), blue, slow)).Actions);
        var late = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(6).AddSeconds(1), blue, slow));
        Assert.Equal(RolloutPhase.RolledBack, late.Status.Phase);
        Assert.Contains("progressDeadlineSeconds", late.Status.History![0].Message);
    }

    [Fact]
    public void Without_autoRollback_a_failed_revision_is_Degraded_and_nothing_is_deleted()
    {
        var (status, blue) = Stable(BlueGreen());
        var v2 = BlueGreen("t3.large", autoRollback: false);
        var start = RolloutPlanner.Plan(State(v2, status, T0.AddMinutes(1), blue));
        var sick = Group(v2, $"web-{Hash(v2)}", 2, health: new GroupHealth(2, 0, 2));

        var plan = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(2), blue, sick));

        Assert.Empty(plan.Actions);
        Assert.Equal((RolloutPhase.Degraded, blue.Name), (plan.Status.Phase, plan.Status.ActiveGroup));
    }

    [Fact]
    public void Without_autoPromotion_a_healthy_green_waits_in_preview_for_the_annotation()
    {
        var (status, blue) = Stable(BlueGreen());
        var v2 = BlueGreen("t3.large", autoPromotion: false);
        var start = RolloutPlanner.Plan(State(v2, status, T0.AddMinutes(1), blue));
        Assert.False(Assert.IsType<CreateGroup>(Assert.Single(start.Actions)).Attached);
        var green = Group(v2, $"web-{Hash(v2)}", 2, attached: false, health: new GroupHealth(2, 2, 0), ready: true);

        var waiting = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(20), blue, green));
        Assert.Empty(waiting.Actions);
        Assert.Equal(green.Name, waiting.Status.PreviewGroup);
        Assert.Contains("gureum.dev/promote", waiting.Waiting);

        var promoted = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(3), blue, green) with { PromoteRequested = true });
        Assert.Equal([new SetAttached(green.Name, true)], promoted.Actions);
        Assert.Equal((RolloutPhase.Progressing, blue.Name), (promoted.Status.Phase, promoted.Status.ActiveGroup));

        var serving = green with { Attached = true };
        var switched = RolloutPlanner.Plan(State(v2, promoted.Status, T0.AddMinutes(4), blue, serving) with { PromoteRequested = true });
        Assert.Equal([new SetAttached(blue.Name, false)], switched.Actions);
        Assert.Equal((RolloutPhase.Healthy, green.Name), (switched.Status.Phase, switched.Status.ActiveGroup));
    }

    [Fact]
    public void In_place_a_new_revision_changes_the_template_keeping_the_stable_one_to_return_to()
    {
        var v1 = InPlace();
        var (status, group) = Stable(v1);
        var v2 = InPlace("t3.large");

        var start = RolloutPlanner.Plan(State(v2, status, T0.AddMinutes(1), group));
        var set = Assert.IsType<SetTemplate>(Assert.Single(start.Actions));
        Assert.Equal(("web", Hash(v2), RolloutNames.WriteTemplate(v1.Template)), (set.Group, set.Hash, set.StableTemplateJson));

        var rolling = group with { TemplateHash = Hash(v2), TemplateJson = RolloutNames.WriteTemplate(v2.Template), StableTemplateJson = set.StableTemplateJson, Ready = false, Health = new GroupHealth(2, 1, 1) };
        var rollback = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(2), rolling));
        var back = Assert.IsType<SetTemplate>(Assert.Single(rollback.Actions));
        Assert.Equal((Hash(v1), 1L, "t3.micro"), (back.Hash, back.Revision, back.Template.Template.InstanceType));
        Assert.Equal(RolloutPhase.RolledBack, rollback.Status.Phase);

        var done = RolloutPlanner.Plan(State(v2, start.Status, T0.AddMinutes(2), rolling with { Ready = true, Health = new GroupHealth(2, 2, 0) }));
        Assert.Empty(done.Actions);
        Assert.Equal((RolloutPhase.Healthy, 2L), (done.Status.Phase, done.Status.StableRevision));
    }

    [Fact]
    public void History_keeps_the_limit_and_supersedes_a_revision_replaced_mid_way()
    {
        var (status, blue) = Stable(BlueGreen());
        var v2 = BlueGreen("t3.large");
        var v3 = BlueGreen("t3.xlarge") with { RevisionHistoryLimit = 2 };
        var second = RolloutPlanner.Plan(State(v2, status, T0.AddMinutes(1), blue));
        var third = RolloutPlanner.Plan(State(v3, second.Status, T0.AddMinutes(2), blue));

        Assert.Equal([3L, 2L], third.Status.History!.Select(r => r.Revision));
        Assert.Equal(RevisionOutcome.Superseded, third.Status.History![1].Outcome);
    }

    [Theory]
    [InlineData(BatchSize.OneAtATime, 4, 75)]
    [InlineData(BatchSize.OneAtATime, 2, 50)]
    [InlineData(BatchSize.OneAtATime, 1, 0)]
    [InlineData(BatchSize.HalfAtATime, 4, 50)]
    [InlineData(BatchSize.AllAtOnce, 4, 0)]
    public void Batch_sizes_are_CodeDeploy_s_minimum_healthy_percentages(BatchSize batch, int size, int expected) =>
        Assert.Equal(expected, ChildSpec.MinHealthyPercentage(new InPlaceStrategy { BatchSize = batch }, TestObjects.InstanceGroupSpec() with { MinSize = size, MaxSize = size }));
}
