using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Controllers.InstanceGroups;
using Xunit;

namespace Gureum.Controllers.Tests.InstanceGroups;

/// <summary>InstanceGroup against the EC2, Auto Scaling and ELBv2 emulators over HTTP, through the runtime and the sandbox.</summary>
public sealed class InstanceGroupControllerTests(InstanceGroupFixture env) : IClassFixture<InstanceGroupFixture>
{
    private IAutoScalingClient AutoScaling => env.Aws.AutoScaling;

    private static string AwsName(string name) => GroupNames.For(ControllerFixture.Namespace, name);

    private Task<InstanceGroup> WaitForAsync(string name, string type, ConditionStatus status, string? reason = null) =>
        env.WaitForAsync<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(name, type, status, reason, TimeSpan.FromSeconds(90));

    private Task<InstanceGroup> WaitReadyAsync(string name) => WaitForAsync(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);

    private async Task<AsgGroup?> GroupAsync(string name) => (await AutoScaling.DescribeAutoScalingGroupsAsync([AwsName(name)], CancellationToken.None)).SingleOrDefault();

    private async Task<string> ImageAsync() =>
        (await env.Aws.Ec2Network.DescribeImagesAsync(null, ["amazon"], [Ec2Filter.Of("name", "al2023-ami-2023*-x86_64")], CancellationToken.None))
        .OrderByDescending(i => i.CreationDate).First().ImageId;

    private async Task<InstanceGroupBuilder> GroupSpecAsync(string name, int min = 2, int max = 4, int? desired = 2) =>
        TestObjects.InstanceGroup(name).Sized(min, max, desired).WithSpec(spec => spec with
        {
            SubnetIds = [EmulatorNetwork.SubnetA, EmulatorNetwork.SubnetB],
            HealthCheck = new GroupHealthCheckSpec { Type = HealthCheckType.EC2, GracePeriodSeconds = 30 },
            UpdateStrategy = new UpdateStrategySpec { MinHealthyPercentage = 50, InstanceWarmupSeconds = 10 },
            Template = spec.Template with { SecurityGroupIds = [EmulatorNetwork.DefaultSecurityGroup] },
        }).WithSpec(spec => spec) is var builder ? await WithImageAsync(builder) : builder;

    private async Task<InstanceGroupBuilder> WithImageAsync(InstanceGroupBuilder builder)
    {
        var image = await ImageAsync();
        return builder.WithSpec(spec => spec with { Template = spec.Template with { ImageId = image } });
    }

    [Fact]
    public async Task A_role_a_load_balancer_and_a_group_become_Ready_with_healthy_targets()
    {
        var name = env.UniqueName("stack");
        await env.CreateAsync(TestObjects.IamRole(name).TrustingServices("ec2.amazonaws.com").WithInstanceProfile().Build());
        await env.CreateAsync(TestObjects.LoadBalancer(name).WithSpec(spec => spec with
        {
            TargetGroup = spec.TargetGroup with { HealthCheck = new TargetHealthCheckSpec { Path = "/", IntervalSeconds = 10, TimeoutSeconds = 5, HealthyThreshold = 2 } },
        }).Build());
        await env.WaitForAsync<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);
        await env.CreateAsync((await GroupSpecAsync(name)).UsingRole(name).BehindLoadBalancers(name)
            .WithSpec(spec => spec with { HealthCheck = new GroupHealthCheckSpec { Type = HealthCheckType.ELB, GracePeriodSeconds = 120 } }).Build());

        var ready = await WaitReadyAsync(name);

        var group = (await GroupAsync(name))!;
        var lb = (await env.GetAsync<LoadBalancer>(name))!;
        var role = (await env.GetAsync<IamRole>(name))!;
        Assert.Equal(new InstanceCounts { Desired = 2, InService = 2, Healthy = 2 }, ready.Status!.Instances);
        Assert.Equal([lb.Status!.TargetGroupArn!], group.TargetGroupArns);
        Assert.Equal(AsgValues.HealthCheckElb, group.HealthCheckType);
        // Auto Scaling counts an instance healthy during its grace period; the load balancer's checks follow.
        await Eventually.True(async () =>
        {
            var targets = await env.Aws.Elbv2.DescribeTargetHealthAsync(lb.Status.TargetGroupArn!, null, CancellationToken.None);
            return group.Instances.Select(i => i.InstanceId).Order().SequenceEqual(targets.Where(t => t.State == "healthy").Select(t => t.Target.Id).Order());
        }, "the group's instances are the target group's healthy targets");
        var version = Assert.Single(await env.Aws.Ec2Compute.DescribeLaunchTemplateVersionsAsync(ready.Status.LaunchTemplateId!, [AsgValues.Default], CancellationToken.None));
        Assert.Equal((role.Status!.InstanceProfileArn, "required"), (version.Data.IamInstanceProfileArn, version.Data.HttpTokens));
        Assert.Equal((group.Name, group.Arn), (ready.Status.GroupName, ready.Status.GroupArn));
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "Created");
    }

    [Fact]
    public async Task Simulated_cpu_load_scales_out_and_back_in_and_the_desired_capacity_is_the_scaler_s()
    {
        var name = env.UniqueName("cpu");
        await env.CreateAsync((await GroupSpecAsync(name, min: 1, max: 4, desired: 1))
            .WithSpec(spec => spec with { Scaling = new ScalingSpec { TargetCpuUtilizationPercent = 50 } }).Build());
        await WaitReadyAsync(name);

        // The emulator reads the group's simulated CPU from this tag; set through the spec, Gureum keeps it.
        await env.PatchAsync<InstanceGroup>(name, """{"spec":{"tags":{"gureum-emulator:cpu":"95"}}}""");
        await Eventually.True(async () => (await env.GetAsync<InstanceGroup>(name))!.Status?.Instances?.Desired > 1, "the group scales out", TimeSpan.FromSeconds(60));

        await env.PatchAsync<InstanceGroup>(name, """{"spec":{"tags":{"gureum-emulator:cpu":"5"}}}""");
        await Eventually.True(async () => (await GroupAsync(name))!.DesiredCapacity == 1, "the group scales back in", TimeSpan.FromSeconds(90));
        Assert.DoesNotContain(await env.EventsOfAsync(name), e => e.Reason == "DriftDetected" && e.Message.Contains("desiredCapacity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Max_size_changed_out_of_band_is_corrected_but_desired_capacity_under_a_policy_is_left_alone()
    {
        var name = env.UniqueName("drift");
        await env.CreateAsync((await GroupSpecAsync(name, min: 1, max: 4, desired: 1))
            .WithSpec(spec => spec with { Scaling = new ScalingSpec { TargetCpuUtilizationPercent = 50 } }).Build());
        await WaitReadyAsync(name);

        await AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest(AwsName(name)) { MaxSize = 7, DesiredCapacity = 3 }, CancellationToken.None);

        await Eventually.True(async () => (await GroupAsync(name))!.MaxSize == 4, "max size is put back", TimeSpan.FromSeconds(30));
        Assert.Equal(3, (await GroupAsync(name))!.DesiredCapacity);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "DriftDetected" && e.Message.Contains("spec.maxSize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_instance_type_rolls_every_instance_through_an_instance_refresh()
    {
        var name = env.UniqueName("roll");
        await env.CreateAsync((await GroupSpecAsync(name)).Build());
        var before = await WaitReadyAsync(name);

        await env.PatchAsync<InstanceGroup>(name, """{"spec":{"template":{"instanceType":"t3.large"}}}""");

        await Eventually.True(async () =>
        {
            var group = await GroupAsync(name);
            return group!.Instances.Count(i => i.LifecycleState == AsgValues.InService) == 2
                && group.Instances.Where(i => i.LifecycleState == AsgValues.InService).All(i => i.InstanceType == "t3.large");
        }, "every instance runs t3.large", TimeSpan.FromSeconds(90));
        var after = await WaitReadyAsync(name);
        Assert.Equal(before.Status!.LaunchTemplateVersion + 1, after.Status!.LaunchTemplateVersion);
        Assert.Equal(AsgValues.RefreshSuccessful, after.Status.InstanceRefresh?.Status);
    }

    [Fact]
    public async Task An_unknown_image_and_a_role_without_an_instance_profile_are_refused_before_any_write()
    {
        var image = env.UniqueName("image");
        var writes = WriteCount();
        await env.CreateAsync((await GroupSpecAsync(image)).WithSpec(spec => spec with { Template = spec.Template with { ImageId = "ami-0000000000000dead" } }).Build());
        var refused = await WaitForAsync(image, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);
        Assert.StartsWith("spec.template.imageId: image ami-0000000000000dead does not exist", ConditionOf(refused, ConditionTypes.Stalled)!.Message);

        var role = env.UniqueName("noprofile");
        await env.CreateAsync(TestObjects.IamRole(role).TrustingServices("ec2.amazonaws.com").Build());
        await env.CreateAsync((await GroupSpecAsync(role)).UsingRole(role).Build());
        var noProfile = await WaitForAsync(role, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);
        Assert.Contains("spec.template.iamRoleRef", ConditionOf(noProfile, ConditionTypes.Stalled)!.Message);
        Assert.Equal(writes, WriteCount());
        Assert.Null(await GroupAsync(image));
    }

    [Fact]
    public async Task Deleting_removes_the_group_and_its_launch_template_and_a_role_in_use_waits_for_it()
    {
        var name = env.UniqueName("gone");
        await env.CreateAsync(TestObjects.IamRole(name).TrustingServices("ec2.amazonaws.com").WithInstanceProfile().Build());
        await env.CreateAsync((await GroupSpecAsync(name)).UsingRole(name).Build());
        var ready = await WaitReadyAsync(name);

        await env.DeleteAsync<IamRole>(name);
        await Eventually.True(async () => (await env.EventsOfAsync(name)).Any(e => e.Reason == "InUse" && e.InvolvedObject.Kind == IamRole.KindName),
            "the role's deletion waits for the group");
        Assert.NotNull(await env.Aws.Iam.FindRoleAsync(GureumRoleName(name), CancellationToken.None));

        await env.DeleteAsync<InstanceGroup>(name);
        await Eventually.True(async () => await env.GetAsync<InstanceGroup>(name) is null, "the InstanceGroup is gone", TimeSpan.FromSeconds(60));
        Assert.Null(await GroupAsync(name));
        Assert.Empty(await env.Aws.Ec2Compute.FindLaunchTemplatesByNameAsync([AwsName(name)], CancellationToken.None));
        var instances = await env.Aws.Ec2Compute.DescribeInstancesAsync(null, [Ec2Filter.Of("tag:aws:autoscaling:groupName", AwsName(name))], CancellationToken.None);
        Assert.All(instances, i => Assert.Contains(i.State, new[] { "shutting-down", "terminated" }));
        await Eventually.True(async () => await env.GetAsync<IamRole>(name) is null, "then the role goes", TimeSpan.FromSeconds(30));
        Assert.NotNull(ready.Status?.LaunchTemplateId);
    }

    private static string GureumRoleName(string name) => Gureum.Controllers.IamRoles.IamNames.RoleName(ControllerFixture.Namespace, name, null);

    private long WriteCount() =>
        new[] { "CreateAutoScalingGroup", "UpdateAutoScalingGroup", "PutScalingPolicy" }.Sum(op => env.Emulator.Stats.Requests("autoscaling", op))
        + new[] { "CreateLaunchTemplate", "CreateLaunchTemplateVersion" }.Sum(op => env.Emulator.Stats.Requests("ec2", op));

    private static Condition? ConditionOf(InstanceGroup group, string type) => ControllerFixture.ConditionOf(group, type);
}
