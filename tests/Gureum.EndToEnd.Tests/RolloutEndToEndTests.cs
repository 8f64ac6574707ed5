using Gureum.Controllers.InstanceGroups;
using Gureum.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Gureum.EndToEnd.Tests;

/// <summary>Rollouts as a user writes them, each behind its own LoadBalancer, with the IamRole "app".</summary>
internal static class RolloutManifests
{
    public const string Subnets = "[subnet-76586c58763985c40, subnet-0f4afe85bf46caecb]";
    public const string SecurityGroup = "sg-cdcb4d68354979c3f";

    /// <summary>An IamRole and a LoadBalancer whose health check passes a target after 2 x <paramref name="healthCheckIntervalSeconds"/> (emulated).</summary>
    public static string Front(string lb, int healthCheckIntervalSeconds = 10) => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: IamRole
        metadata:
          name: app
        spec:
          trustedServices: [ec2.amazonaws.com]
          instanceProfile: {"{"} enabled: true {"}"}
        ---
        apiVersion: gureum.dev/v1alpha1
        kind: LoadBalancer
        metadata:
          name: {lb}
        spec:
          type: application
          scheme: internet-facing
          subnetIds: {Subnets}
          securityGroupIds: [{SecurityGroup}]
          listeners:
          - port: 80
            protocol: HTTP
          targetGroup:
            port: 80
            protocol: HTTP
            targetType: instance
            deregistrationDelaySeconds: 5
            healthCheck:
              path: /
              intervalSeconds: {healthCheckIntervalSeconds}
              timeoutSeconds: 5
              healthyThreshold: 2
              unhealthyThreshold: 2
        """;

    /// <summary>A Rollout of <paramref name="size"/> instances; <paramref name="userData"/> is one line.</summary>
    public static string Rollout(string name, string lb, string strategy, string instanceType, int size, string userData = "#!/bin/sh") => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: Rollout
        metadata:
          name: {name}
        spec:
          loadBalancerRef: {"{"} name: {lb} {"}"}
          strategy:
        {strategy}
          progressDeadlineSeconds: 600
          autoRollback: true
          template:
            template:
              imageId: ami-525651036e02a7bd3
              instanceType: {instanceType}
              securityGroupIds: [{SecurityGroup}]
              iamRoleRef: {"{"} name: app {"}"}
              userData: |
                {userData}
            subnetIds: {Subnets}
            minSize: {size}
            maxSize: {size + 2}
            desiredCapacity: {size}
            healthCheck:
              type: ELB
              gracePeriodSeconds: 60
        """;

    public const string BlueGreen = "    type: BlueGreen\n    blueGreen:\n      blueTerminationDelaySeconds: 5";
    public const string InPlace = "    type: InPlace\n    inPlace:\n      batchSize: OneAtATime";
}

/// <summary>
/// Issue 10 end to end: Rollouts applied with kubectl, their InstanceGroups seen with kubectl, their
/// Auto Scaling groups and targets read with the AWS CLI. One <c>gureum local</c> for the class.
/// </summary>
public sealed class RolloutEndToEndTests(FastClockFixture local, ITestOutputHelper output) : IClassFixture<FastClockFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    private readonly AutoScalingReader _aws = AutoScalingReader.FromEnvFile(local.Process.AwsEnvPath);

    private Kubectl Kubectl => local.Kubectl();

    private async Task<string> FrontAsync(string lb, int healthCheckIntervalSeconds = 10)
    {
        await Kubectl.ApplyAsync(RolloutManifests.Front(lb, healthCheckIntervalSeconds)).OkAsync();
        await Kubectl.RunAsync("wait", "--for=condition=Ready", "iamrole/app", $"loadbalancer/{lb}", "--timeout=90s").OkAsync();
        return await Kubectl.RunAsync("get", "lb", lb, "-o", "jsonpath={.status.targetGroupArn}").OkAsync();
    }

    /// <summary>
    /// The PHASE, REVISION and ACTIVE columns of <c>kubectl get rollout NAME</c> (read by header: a column
    /// without a value is blank), indexed 3, 4, 5 as in the table.
    /// </summary>
    private Task<string[]> WaitRowAsync(string name, Func<string[], bool> done, string what) =>
        Eventually.MatchAsync(async () =>
        {
            var lines = (await Kubectl.RunAsync("get", "rollout", name).OkAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string Column(string header)
            {
                var start = lines[0].IndexOf(header, StringComparison.Ordinal);
                Assert.True(start >= 0, $"no {header} column in: {lines[0]}");
                var rest = lines[1].Length > start ? lines[1][start..] : "";
                return rest.Split(' ', 2)[0];
            }
            return new[] { lines[1].Split(' ')[0], "", "", Column("PHASE"), Column("REVISION"), Column("ACTIVE") };
        }, done, what, Deadline);

    /// <summary>The InstanceGroups of a Rollout, by name.</summary>
    private async Task<IReadOnlyList<string>> GroupsOfAsync(string rollout) =>
        [.. (await Kubectl.RunAsync("get", "ig", "-l", $"gureum.dev/rollout={rollout}", "-o", "jsonpath={.items[*].metadata.name}").OkAsync())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    /// <summary>Every Auto Scaling group has its InstanceGroup: nothing orphaned.</summary>
    private async Task AssertNoOrphanAsync()
    {
        var igs = (await Kubectl.RunAsync("get", "ig", "-o", "jsonpath={.items[*].metadata.name}").OkAsync())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => GroupNames.For("default", n)).ToHashSet(StringComparer.Ordinal);
        await Eventually.MatchAsync(() => _aws.GroupNamesAsync(), groups => groups.All(igs.Contains), $"every Auto Scaling group has its InstanceGroup ({string.Join(", ", igs)})", Deadline);
        await Eventually.MatchAsync(() => _aws.LaunchTemplateNamesAsync(), templates => templates.All(igs.Contains), "every launch template has its InstanceGroup", Deadline);
    }

    private async Task<IReadOnlyList<string>> InstancesOfAsync(string ig)
    {
        var group = await _aws.GroupAsync(GroupNames.For("default", ig));
        return group is null ? [] : [.. AutoScalingReader.Instances(group).Select(i => i.Id).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Blue_green_moves_traffic_to_green_deletes_blue_and_rolls_back_an_unhealthy_revision()
    {
        var targetGroup = await FrontAsync("front-bg");
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("bg", "front-bg", RolloutManifests.BlueGreen, "t3.micro", 2)).OkAsync();

        var row = await WaitRowAsync("bg", r => r[3] == "Healthy", "rollout/bg is Healthy");
        Assert.Equal("1", row[4]);
        var blue = row[5];
        Assert.StartsWith("bg-", blue, StringComparison.Ordinal);
        Assert.Equal([blue], await GroupsOfAsync("bg"));
        var blueInstances = await InstancesOfAsync(blue);
        Assert.Equal(2, blueInstances.Count);
        await Eventually.MatchAsync(() => _aws.HealthyTargetsAsync(targetGroup), healthy => healthy.SequenceEqual(blueInstances), "blue's instances are the healthy targets", Deadline);

        // A new instance type: green starts beside blue, takes the traffic, blue goes after the delay.
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("bg", "front-bg", RolloutManifests.BlueGreen, "t3.small", 2)).OkAsync();
        var both = await Eventually.MatchAsync(() => GroupsOfAsync("bg"), groups => groups.Count == 2, "green beside blue in kubectl get ig", Deadline);
        var green = both.Single(g => g != blue);
        row = await WaitRowAsync("bg", r => r[3] == "Healthy" && r[4] == "2", "revision 2 Healthy");
        Assert.Equal(green, row[5]);
        await Eventually.MatchAsync(() => GroupsOfAsync("bg"), groups => groups.SequenceEqual([green]), "blue deleted after the delay", Deadline);
        var greenGroup = (await _aws.GroupAsync(GroupNames.For("default", green)))!;
        Assert.All(AutoScalingReader.Instances(greenGroup), i => Assert.Equal("t3.small", i.Type));
        var greenInstances = await InstancesOfAsync(green);
        await Eventually.MatchAsync(() => _aws.TargetHealthAsync(targetGroup),
            targets => targets.Keys.Order(StringComparer.Ordinal).SequenceEqual(greenInstances) && targets.Values.All(s => s == "healthy"),
            "the target group holds exactly green's instances, healthy", Deadline);
        Assert.Null(await _aws.GroupAsync(GroupNames.For("default", blue)));

        // A revision whose instances never pass the health check: rolled back, green keeps serving, the failed group goes.
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("bg", "front-bg", RolloutManifests.BlueGreen, "t3.small", 2, "#gureum-emulator: unhealthy")).OkAsync();
        row = await WaitRowAsync("bg", r => r[3] == "RolledBack", "revision 3 RolledBack");
        Assert.Equal("3", row[4]);
        Assert.Equal(green, row[5]);
        await Eventually.MatchAsync(() => GroupsOfAsync("bg"), groups => groups.SequenceEqual([green]), "the failed group deleted", Deadline);
        await Eventually.MatchAsync(() => _aws.TargetHealthAsync(targetGroup),
            targets => targets.Keys.Order(StringComparer.Ordinal).SequenceEqual(greenInstances) && targets.Values.All(s => s == "healthy"),
            "green still serves alone", Deadline);
        var events = await Kubectl.RunAsync("get", "events", "--field-selector", "involvedObject.kind=Rollout,involvedObject.name=bg,reason=RolledBack", "-o", "jsonpath={.items[*].message}").OkAsync();
        output.WriteLine(events);
        Assert.Contains("rolled back", events, StringComparison.Ordinal);
        await AssertNoOrphanAsync();
    }

    [Fact]
    public async Task In_place_one_at_a_time_replaces_every_instance_and_keeps_n_minus_1_healthy_targets()
    {
        var targetGroup = await FrontAsync("front-ip");
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("inplace", "front-ip", RolloutManifests.InPlace, "t3.micro", 3)).OkAsync();
        var row = await WaitRowAsync("inplace", r => r[3] == "Healthy", "rollout/inplace is Healthy");
        Assert.Equal("inplace", row[5]);
        var before = await InstancesOfAsync("inplace");
        Assert.Equal(3, before.Count);
        await Eventually.MatchAsync(() => _aws.HealthyTargetsAsync(targetGroup), healthy => healthy.SequenceEqual(before), "three healthy targets", Deadline);

        await using var watch = _aws.Watch(targetGroup);
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("inplace", "front-ip", RolloutManifests.InPlace, "t3.small", 3)).OkAsync();
        row = await WaitRowAsync("inplace", r => r[3] == "Healthy" && r[4] == "2", "revision 2 Healthy");
        var after = await Eventually.MatchAsync(() => _aws.GroupAsync(GroupNames.For("default", "inplace")),
            g => AutoScalingReader.Instances(g!) is { Count: 3 } now && now.All(i => i.Type == "t3.small" && i.State == "InService"), "three t3.small instances", Deadline);
        var (fewest, samples) = await watch.StopAsync();
        output.WriteLine($"in-place rollout: fewest healthy targets {fewest} in {samples} reads");
        Assert.Empty(AutoScalingReader.Instances(after!).Select(i => i.Id).Intersect(before));
        Assert.True(samples >= 2, $"only {samples} reads of target health");
        Assert.True(fewest >= 2, $"healthy targets fell to {fewest} of 3");
        Assert.Equal(["inplace"], await GroupsOfAsync("inplace"));
    }

    [Fact]
    public async Task A_blue_green_rollout_killed_midway_completes_after_restart_with_no_orphaned_group()
    {
        var targetGroup = await FrontAsync("front-kbg");
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("kbg", "front-kbg", RolloutManifests.BlueGreen, "t3.micro", 2)).OkAsync();
        var blue = (await WaitRowAsync("kbg", r => r[3] == "Healthy", "rollout/kbg is Healthy"))[5];

        // Midway: green exists beside blue (kubectl get ig) with its Auto Scaling group; blue not yet deleted.
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("kbg", "front-kbg", RolloutManifests.BlueGreen, "t3.small", 2)).OkAsync();
        var both = await Eventually.MatchAsync(() => GroupsOfAsync("kbg"), groups => groups.Count == 2, "green beside blue", Deadline);
        var green = both.Single(g => g != blue);
        await Eventually.MatchAsync(() => _aws.GroupAsync(GroupNames.For("default", green)), g => g is not null, "green's Auto Scaling group", Deadline);
        output.WriteLine("killed at: " + await Kubectl.RunAsync("get", "rollout", "kbg", "--no-headers").OkAsync());

        await local.KillAndRestartAsync();

        var row = await WaitRowAsync("kbg", r => r[4] == "2" && r[3] is "Healthy" or "RolledBack", "revision 2 finished");
        output.WriteLine("after restart: " + string.Join(' ', row));
        Assert.Equal("Healthy", row[3]);
        Assert.Equal(green, row[5]);
        await Eventually.MatchAsync(() => GroupsOfAsync("kbg"), groups => groups.SequenceEqual([green]), "blue deleted", Deadline);
        var greenInstances = await InstancesOfAsync(green);
        await Eventually.MatchAsync(() => _aws.TargetHealthAsync(targetGroup),
            targets => targets.Keys.Order(StringComparer.Ordinal).SequenceEqual(greenInstances) && targets.Values.All(s => s == "healthy"),
            "the target group holds exactly green's instances, healthy", Deadline);
        await AssertNoOrphanAsync();
    }

    [Fact]
    public async Task An_in_place_rollout_killed_midway_completes_after_restart_with_no_orphaned_group()
    {
        // A slow health check (2 x 150 s emulated, 5 s at the fixture's 60x) keeps each batch of the refresh running
        // for seconds, so the test sees it in progress before it kills the operator; at 10 s the whole refresh could
        // end between two looks.
        await FrontAsync("front-kip", healthCheckIntervalSeconds: 150);
        await Kubectl.ApplyAsync(RolloutManifests.Rollout("kip", "front-kip", RolloutManifests.InPlace, "t3.micro", 2)).OkAsync();
        await WaitRowAsync("kip", r => r[3] == "Healthy", "rollout/kip is Healthy");

        await Kubectl.ApplyAsync(RolloutManifests.Rollout("kip", "front-kip", RolloutManifests.InPlace, "t3.small", 2)).OkAsync();
        // Midway: the group's instance refresh has started.
        await Eventually.MatchAsync(() => Kubectl.RunAsync("get", "ig", "kip", "-o", "jsonpath={.status.instanceRefresh.status}").OkAsync(),
            status => status is "Pending" or "InProgress", "the instance refresh of kip running", Deadline);

        await local.KillAndRestartAsync();

        var row = await WaitRowAsync("kip", r => r[4] == "2" && r[3] is "Healthy" or "RolledBack", "revision 2 finished");
        output.WriteLine("after restart: " + string.Join(' ', row));
        Assert.Equal("Healthy", row[3]);
        await Eventually.MatchAsync(() => _aws.GroupAsync(GroupNames.For("default", "kip")),
            g => AutoScalingReader.Instances(g!) is { Count: 2 } now && now.All(i => i.Type == "t3.small" && i.State == "InService"), "two t3.small instances", Deadline);
        Assert.Equal(["kip"], await GroupsOfAsync("kip"));
        await AssertNoOrphanAsync();
    }
}
