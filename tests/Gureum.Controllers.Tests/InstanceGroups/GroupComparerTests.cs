using Gureum.Api.V1Alpha1;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Controllers.Common;
using Gureum.Controllers.InstanceGroups;
using Xunit;

namespace Gureum.Controllers.Tests.InstanceGroups;

public sealed class GroupComparerTests
{
    private static readonly OwnerClaim Claim = new("c1", "default/InstanceGroup/web");

    private static InstanceGroupSpec Spec(Func<InstanceGroupSpec, InstanceGroupSpec>? edit = null)
    {
        var spec = TestObjects.InstanceGroupSpec() with
        {
            SubnetIds = ["subnet-a", "subnet-b"],
            MinSize = 2,
            MaxSize = 6,
            Tags = new Dictionary<string, string> { ["team"] = "web" },
        };
        return edit is null ? spec : edit(spec);
    }

    private static DesiredGroup Desired(InstanceGroupSpec spec) =>
        DesiredGroup.From(spec, "default-web", Claim, "arn:aws:iam::000000000000:instance-profile/default-web", ["arn:tg"], null);

    /// <summary>AWS exactly as <paramref name="desired"/> would make it, with two instances on version 3.</summary>
    private static GroupState InSync(DesiredGroup desired, int? desiredCapacity = null)
    {
        var template = new Ec2LaunchTemplate("lt-1", desired.Name, 3, 3, [.. Claim.Tags.Select(t => new Ec2Tag(t.Key, t.Value))]);
        var version = new Ec2LaunchTemplateVersion("lt-1", 3, true, desired.Template);
        var pinned = new AsgLaunchTemplate("lt-1", desired.Name, "3");
        var group = new AsgGroup(desired.Name, "arn:asg", pinned, desired.MinSize, desired.MaxSize, desiredCapacity ?? desired.MinSize,
            desired.SubnetIds, desired.TargetGroupArns, desired.HealthCheckType, desired.HealthCheckGracePeriod, null,
            [Instance("i-1", pinned), Instance("i-2", pinned)],
            [.. desired.Tags.Select(t => new AsgTag(desired.Name, t.Key, t.Value, true))], null, DateTimeOffset.UnixEpoch);
        return new GroupState(desired, template, version, group, [], null);
    }

    private static AsgInstance Instance(string id, AsgLaunchTemplate template) =>
        new(id, "us-east-1a", AsgValues.InService, AsgValues.Healthy, template, "t3.micro", false);

    [Fact]
    public void A_group_as_the_spec_asks_has_no_differences()
    {
        Assert.Empty(GroupComparer.Compare(InSync(Desired(Spec()))));
    }

    [Fact]
    public void Nothing_there_is_the_template_and_the_group_missing()
    {
        var entries = GroupComparer.Compare(GroupState.Absent(Desired(Spec())));
        Assert.Equal(["spec.template", "spec"], entries.Select(e => e.Path));
    }

    [Fact]
    public void Min_and_max_are_compared_but_a_scaler_owned_desired_capacity_is_not()
    {
        var desired = Desired(Spec(s => s with { DesiredCapacity = 3, Scaling = new ScalingSpec { TargetCpuUtilizationPercent = 50 } }));
        var state = InSync(desired, desiredCapacity: 5);
        state = state with
        {
            Group = state.Group! with { MaxSize = 9 },
            Policies = [new AsgScalingPolicy(desired.Name, GroupNames.ScalingPolicy, "arn:p", AsgValues.TargetTracking, AsgValues.AverageCpu, 50, null, false, null)],
        };

        var entry = Assert.Single(GroupComparer.Compare(state));
        Assert.Equal(("spec.maxSize", "6", "9"), (entry.Path, entry.Desired, entry.Actual));
    }

    [Fact]
    public void Without_a_scaler_a_stated_desired_capacity_is_kept()
    {
        var desired = Desired(Spec(s => s with { DesiredCapacity = 3 }));
        var entry = Assert.Single(GroupComparer.Compare(InSync(desired, desiredCapacity: 4)));
        Assert.Equal(("spec.desiredCapacity", "3", "4"), (entry.Path, entry.Desired, entry.Actual));
    }

    [Fact]
    public void A_template_change_is_one_entry_per_field_and_user_data_is_never_shown()
    {
        var before = Desired(Spec(s => s with { Template = s.Template with { UserData = "secret=hunter2" } }));
        var after = Desired(Spec(s => s with { Template = s.Template with { InstanceType = "t3.large", UserData = "secret=other" } }));
        var state = InSync(before) with { Desired = after };

        var entries = GroupComparer.Compare(state);

        Assert.Equal(["spec.template.instanceType", "spec.template.userData"], entries.Select(e => e.Path));
        Assert.DoesNotContain(entries, e => (e.Desired + e.Actual).Contains("hunter2", StringComparison.Ordinal) || (e.Desired + e.Actual).Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Instances_on_an_older_version_are_a_difference_under_Rolling_until_a_refresh_ran()
    {
        var desired = Desired(Spec());
        var old = new AsgLaunchTemplate("lt-1", desired.Name, "2");
        var state = InSync(desired);
        state = state with { Group = state.Group! with { Instances = [Instance("i-1", old), state.Group.Instances[1]] } };

        Assert.Equal(GroupComparer.InstancesPath, Assert.Single(GroupComparer.Compare(state)).Path);
        var running = state with { LatestRefresh = new AsgInstanceRefresh("r-1", desired.Name, AsgValues.RefreshInProgress, null, 50, 1, null, null) };
        Assert.Empty(GroupComparer.Compare(running));
        var failed = state with { LatestRefresh = new AsgInstanceRefresh("r-1", desired.Name, AsgValues.RefreshFailed, "timeout", 50, 1, null, null) };
        Assert.Empty(GroupComparer.Compare(failed));
        var onDelete = Desired(Spec(s => s with { UpdateStrategy = new UpdateStrategySpec { Type = UpdateStrategyType.OnDelete } }));
        Assert.Empty(GroupComparer.Compare(state with { Desired = onDelete }));
    }

    [Fact]
    public void Target_groups_subnets_health_check_tags_and_the_policy_are_compared()
    {
        var desired = Desired(Spec(s => s with { Scaling = new ScalingSpec { TargetCpuUtilizationPercent = 50 } }));
        var state = InSync(desired);
        state = state with
        {
            Group = state.Group! with
            {
                TargetGroupArns = [],
                SubnetIds = ["subnet-a"],
                HealthCheckType = AsgValues.HealthCheckElb,
                Tags = [.. state.Group.Tags.Where(t => t.Key != "team"), new AsgTag(desired.Name, "aws:cloudformation:stack-name", "x")],
            },
        };

        var paths = GroupComparer.Compare(state).Select(e => e.Path).ToList();

        Assert.Equal(["spec.subnetIds", "spec.loadBalancerRefs", "spec.healthCheck.type", "spec.tags[team]", "spec.scaling"], paths);
    }

    [Fact]
    public void The_group_must_use_the_default_version_of_its_template()
    {
        var desired = Desired(Spec());
        var state = InSync(desired);
        state = state with { Group = state.Group! with { LaunchTemplate = new AsgLaunchTemplate("lt-1", desired.Name, "$Latest") } };
        var entry = Assert.Single(GroupComparer.Compare(state), e => e.Path == GroupComparer.GroupTemplatePath);
        Assert.Equal("lt-1 version 3", entry.Desired);
    }

    [Theory]
    [InlineData("demo", "web", "demo-web")]
    [InlineData(null, "web", "default-web")]
    public void Names_are_namespace_and_name(string? ns, string name, string expected) =>
        Assert.Equal(expected, GroupNames.For(ns, name));

    [Fact]
    public void Long_names_are_cut_to_the_launch_template_limit_with_a_hash()
    {
        var a = GroupNames.For("ns", new string('a', 200));
        var b = GroupNames.For("ns", new string('a', 199) + "b");
        Assert.Equal(GroupNames.MaxLength, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void The_request_count_label_joins_the_load_balancer_and_target_group_ids()
    {
        var label = InstanceGroupKind.RequestCountLabel(
            "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/demo-web/50dc6c495c0c9188",
            "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/demo-web/73e2d6bc24d8a067");
        Assert.Equal("app/demo-web/50dc6c495c0c9188/targetgroup/demo-web/73e2d6bc24d8a067", label);
        Assert.Null(InstanceGroupKind.RequestCountLabel(null, "arn:x:targetgroup/a/b"));
    }
}
