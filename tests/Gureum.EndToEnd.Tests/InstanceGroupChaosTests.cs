using Gureum.Controllers.InstanceGroups;
using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>Chaos with a 15s drift interval, as for LoadBalancers: the readers share the account's request rates.</summary>
public sealed class InstanceGroupChaosFixture : GureumLocalFixture
{
    protected override string[] Arguments => ["--aws-faults", "chaos", "--drift-interval", "15s", "--clock-speedup", "20", "--live", "false"];
}

/// <summary>
/// InstanceGroups under <c>--aws-faults chaos</c> (throttling, 5xx, latency, lost responses): each ends
/// with exactly one Auto Scaling group and one launch template, and deleting them leaks nothing.
/// </summary>
public sealed class InstanceGroupChaosTests(InstanceGroupChaosFixture local) : IClassFixture<InstanceGroupChaosFixture>
{
    private const int Count = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static string Group(int i) => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: InstanceGroup
        metadata:
          name: chaos-ig-{i}
        spec:
          template:
            imageId: ami-525651036e02a7bd3
            instanceType: t3.micro
          subnetIds: {RolloutManifests.Subnets}
          minSize: 1
          maxSize: 2
        """;

    [Fact]
    public async Task Instance_groups_converge_once_each_and_deleting_them_leaves_nothing()
    {
        var kubectl = local.Kubectl();
        var aws = AutoScalingReader.FromEnvFile(local.Process.AwsEnvPath);
        await kubectl.ApplyAsync(string.Join("---\n", Enumerable.Range(0, Count).Select(i => Group(i) + "\n"))).OkAsync();

        await kubectl.RunAsync("wait", "--for=condition=Ready", "instancegroups", "--all", $"--timeout={Timeout.TotalSeconds}s").OkAsync();

        var expected = Enumerable.Range(0, Count).Select(i => GroupNames.For("default", $"chaos-ig-{i}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await aws.GroupNamesAsync());
        Assert.Equal(expected, await aws.LaunchTemplateNamesAsync());
        foreach (var name in expected)
            Assert.Single(AutoScalingReader.Instances((await aws.GroupAsync(name))!));

        await kubectl.RunAsync("delete", "instancegroups", "--all", $"--timeout={Timeout.TotalSeconds}s").OkAsync();

        Assert.Empty(await aws.GroupNamesAsync());
        Assert.Empty(await aws.LaunchTemplateNamesAsync());
        var running = await aws.OkAsync("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=pending,running");
        Assert.Empty(running!["Reservations"]!.AsArray().SelectMany(r => r!["Instances"]!.AsArray()));
    }
}
