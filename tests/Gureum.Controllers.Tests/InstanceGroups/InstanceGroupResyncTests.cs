using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Controllers.InstanceGroups;
using Xunit;

namespace Gureum.Controllers.Tests.InstanceGroups;

/// <summary>What a resync pass costs in Auto Scaling and EC2 calls. A fixture of its own, so the counts are these objects' only.</summary>
public sealed class InstanceGroupResyncTests(InstanceGroupResyncFixture env) : IClassFixture<InstanceGroupResyncFixture>
{
    private const int Count = 6;
    private static readonly TimeSpan Drift = TimeSpan.FromSeconds(2);

    private long Calls(string service, string operation) => env.Emulator.Stats.Requests(service, operation);

    private long Writes() => env.Emulator.Stats.RequestCounts
        .Where(c => c.Key.Service is "autoscaling" or "ec2" && !c.Key.Operation.StartsWith("Describe", StringComparison.Ordinal))
        .Sum(c => c.Value);

    [Fact]
    public async Task Resync_passes_share_their_describes_and_skip_per_group_reads()
    {
        var image = (await env.Aws.Ec2Network.DescribeImagesAsync(null, ["amazon"], [Ec2Filter.Of("name", "al2023-ami-2023*-x86_64")], CancellationToken.None))
            .OrderByDescending(i => i.CreationDate).First().ImageId;
        var names = Enumerable.Range(0, Count).Select(_ => env.UniqueName("igsync")).ToList();
        await Task.WhenAll(names.Select(name => env.CreateAsync(TestObjects.InstanceGroup(name).Sized(1, 3, 1).WithSpec(spec => spec with
        {
            SubnetIds = [EmulatorNetwork.SubnetA, EmulatorNetwork.SubnetB],
            HealthCheck = new GroupHealthCheckSpec { Type = HealthCheckType.EC2, GracePeriodSeconds = 30 },
            Template = spec.Template with { ImageId = image, SecurityGroupIds = [EmulatorNetwork.DefaultSecurityGroup] },
        }).Build())));
        foreach (var name in names)
            await env.WaitForAsync<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync,
                TimeSpan.FromSeconds(90));
        await Task.Delay(Drift * 2);

        var versions = Calls("ec2", "DescribeLaunchTemplateVersions");
        var policies = Calls("autoscaling", "DescribePolicies");
        var groups = Calls("autoscaling", "DescribeAutoScalingGroups");
        var templates = Calls("ec2", "DescribeLaunchTemplates");
        var writes = Writes();
        await Task.Delay(Drift * 3);

        // Three resync passes of six objects, none due for a full read (the fixture puts them out of reach): the
        // per-group reads are not made, and the group and template describes and the region's policy listing
        // (DescribePolicies without a group) are shared (fewer than one per object and pass).
        Assert.Equal(0, Calls("ec2", "DescribeLaunchTemplateVersions") - versions);
        Assert.InRange(Calls("autoscaling", "DescribePolicies") - policies, 1, 3 * Count - 1);
        Assert.InRange(Calls("autoscaling", "DescribeAutoScalingGroups") - groups, 1, 3 * Count - 1);
        Assert.InRange(Calls("ec2", "DescribeLaunchTemplates") - templates, 1, 3 * Count - 1);
        Assert.Equal(writes, Writes());

        // Light passes still see what they read: an out-of-band max size is put back.
        var group = GroupNames.For(ControllerFixture.Namespace, names[0]);
        await env.Aws.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest(group) { MaxSize = 5 }, CancellationToken.None);
        await Eventually.True(async () => (await env.Aws.AutoScaling.DescribeAutoScalingGroupsAsync([group], CancellationToken.None)).Single().MaxSize == 3,
            "the max size is back");

        // So is a scaling policy of our name added out of band (the spec has none): seen in the listing, removed by a full pass.
        await env.Aws.AutoScaling.PutTargetTrackingPolicyAsync(
            new PutTargetTrackingPolicyRequest(group, GroupNames.ScalingPolicy, AsgValues.AverageCpu, 40), CancellationToken.None);
        await Eventually.True(async () => (await env.Aws.AutoScaling.DescribePoliciesAsync(group, CancellationToken.None)).Count == 0,
            "the added policy is removed");
    }
}
