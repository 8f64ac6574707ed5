using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Aws.Errors;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

/// <summary>The Auto Scaling and EC2 compute clients against the emulator, end to end over HTTP: a launch template and its
/// versions, a group launched from it, tags, a target tracking policy, an instance refresh, activities, the group's
/// instances (found by tag and by ids, an unknown id left out), and deletion. The request forms and AWS's response shapes
/// are pinned in <see cref="AutoScalingClientTests"/> and <see cref="Ec2ComputeClientTests"/>; this checks that client and
/// emulator agree.</summary>
public sealed class AutoScalingEmulatorRoundTripTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AwsClients _aws = AwsClients.Create(
        AwsSettings.ForEndpoint(fixture.Emulator.Endpoint, fixture.Emulator.Region, fixture.Emulator.AccessKeyId, fixture.Emulator.SecretAccessKey),
        TimeProvider.System);

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task A_group_from_a_launch_template_goes_through_its_life_with_both_clients()
    {
        var subnets = await _aws.Ec2Network.DescribeDefaultSubnetsAsync(None);
        var image = (await _aws.Ec2Network.DescribeImagesAsync(null, ["amazon"], null, None))[0];
        var data = new Ec2LaunchTemplateData
        {
            ImageId = image.ImageId, InstanceType = "t3.micro", HttpTokens = "required",
            BlockDevices = [new Ec2BlockDevice("/dev/xvda", 20, "gp3", true, true)],
            InstanceTags = [new Ec2Tag("Name", "roundtrip")],
            SecurityGroupIds = [],
        };
        var lt = await _aws.Ec2Compute.CreateLaunchTemplateAsync("roundtrip-lt", data, [new Ec2Tag("o", "me")], "tok-1", None);
        var again = await _aws.Ec2Compute.CreateLaunchTemplateAsync("roundtrip-lt", data, [new Ec2Tag("o", "me")], "tok-1", None);
        Assert.Equal(lt.LaunchTemplateId, again.LaunchTemplateId);
        var found = await _aws.Ec2Compute.FindLaunchTemplatesByNameAsync(["roundtrip-lt", "nope"], None);
        Assert.Equal([lt.LaunchTemplateId], found.Select(f => f.LaunchTemplateId));
        var v2 = await _aws.Ec2Compute.CreateLaunchTemplateVersionAsync(lt.LaunchTemplateId, data with { InstanceType = "t3.small" }, "tok-2", None);
        Assert.Equal(2, v2.VersionNumber);
        var versions = await _aws.Ec2Compute.DescribeLaunchTemplateVersionsAsync(lt.LaunchTemplateId, ["$Default", "$Latest"], None);
        Assert.Equal(data, versions.Single(v => v.VersionNumber == 1).Data);
        var set = await _aws.Ec2Compute.SetDefaultVersionAsync(lt.LaunchTemplateId, 2, None);
        Assert.Equal(2, set.DefaultVersionNumber);

        await _aws.AutoScaling.CreateAutoScalingGroupAsync(new("roundtrip", new(lt.LaunchTemplateId, null, "$Default"), 1, 3)
        {
            DesiredCapacity = 2, SubnetIds = [subnets[0].SubnetId, subnets[1].SubnetId], Tags = [new("", "team", "x", true)],
        }, None);
        var e = await Assert.ThrowsAsync<AwsException>(() => _aws.AutoScaling.CreateAutoScalingGroupAsync(new("roundtrip", new(lt.LaunchTemplateId, null, "$Default"), 1, 3)
            { SubnetIds = [subnets[0].SubnetId] }, None));
        Assert.Equal(AwsErrorKind.AlreadyExists, e.Kind);
        var groups = await _aws.AutoScaling.DescribeAutoScalingGroupsAsync(["roundtrip", "nope"], None);
        var g = Assert.Single(groups);
        Assert.Equal([subnets[0].SubnetId, subnets[1].SubnetId], g.SubnetIds);
        Assert.Equal([new AsgTag("roundtrip", "team", "x", true)], g.Tags);
        Assert.Equal(2, g.DesiredCapacity);
        await _aws.AutoScaling.UpdateAutoScalingGroupAsync(new("roundtrip") { MaxSize = 4 }, None);
        await _aws.AutoScaling.SetDesiredCapacityAsync("roundtrip", 3, None);
        await _aws.AutoScaling.CreateOrUpdateTagsAsync([new("roundtrip", "k", "v")], None);
        await _aws.AutoScaling.DeleteTagsAsync([new("roundtrip", "k")], None);
        var arn = await _aws.AutoScaling.PutTargetTrackingPolicyAsync(new("roundtrip", "cpu", AsgValues.AverageCpu, 50) { EstimatedInstanceWarmup = 60 }, None);
        var policies = await _aws.AutoScaling.DescribePoliciesAsync("roundtrip", None);
        Assert.Equal(new AsgScalingPolicy("roundtrip", "cpu", arn, AsgValues.TargetTracking, AsgValues.AverageCpu, 50, null, false, 60), Assert.Single(policies));
        // The region's listing (no group named) has it too, naming its group.
        Assert.Equal(Assert.Single(policies), Assert.Single(await _aws.AutoScaling.DescribeAllPoliciesAsync(None), p => p.GroupName == "roundtrip"));
        await _aws.AutoScaling.DeletePolicyAsync("roundtrip", "cpu", None);
        var c = await Assert.ThrowsAsync<AwsException>(() => _aws.AutoScaling.CancelInstanceRefreshAsync("roundtrip", None));
        Assert.Equal(AwsErrorKind.NotFound, c.Kind);
        var refresh = await _aws.AutoScaling.StartInstanceRefreshAsync(new("roundtrip") { MinHealthyPercentage = 90, InstanceWarmup = 30 }, None);
        var r2 = await Assert.ThrowsAsync<AwsException>(() => _aws.AutoScaling.StartInstanceRefreshAsync(new("roundtrip"), None));
        Assert.Equal(AwsErrorKind.Conflict, r2.Kind);
        var refreshes = await _aws.AutoScaling.DescribeInstanceRefreshesAsync("roundtrip", None);
        Assert.Equal(refresh, refreshes[0].InstanceRefreshId);
        await _aws.AutoScaling.CancelInstanceRefreshAsync("roundtrip", None);
        var activities = await _aws.AutoScaling.DescribeScalingActivitiesAsync("roundtrip", 5, None);
        Assert.NotEmpty(activities);
        var instances = await _aws.Ec2Compute.DescribeInstancesAsync(null, [Ec2Filter.Of("tag:aws:autoscaling:groupName", "roundtrip")], None);
        Assert.NotEmpty(instances);
        Assert.All(instances, i => Assert.Equal(lt.LaunchTemplateId, i.LaunchTemplateId));
        var byIds = await _aws.Ec2Compute.DescribeInstancesAsync([instances[0].InstanceId, "i-0123456789abcdef0"], null, None);
        Assert.Equal([instances[0].InstanceId], byIds.Select(i => i.InstanceId));
        await _aws.Ec2Compute.CreateTagsAsync([instances[0].InstanceId], [new Ec2Tag("extra", "1")], None);
        await _aws.Ec2Compute.DeleteTagsAsync([instances[0].InstanceId], ["extra"], None);
        await _aws.AutoScaling.TerminateInstanceInAutoScalingGroupAsync(instances[0].InstanceId, true, None);
        await _aws.AutoScaling.DeleteAutoScalingGroupAsync("roundtrip", true, None);
        await _aws.Ec2Compute.DeleteLaunchTemplateAsync(lt.LaunchTemplateId, None);
        await _aws.Ec2Compute.DeleteLaunchTemplateAsync(lt.LaunchTemplateId, None);
    }
}
