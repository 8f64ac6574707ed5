using System.Text.Json.Nodes;
using Gureum.Controllers.InstanceGroups;
using Gureum.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// Clock 60x: target tracking's 3 minutes above and 15 minutes below the target, the cooldowns and the
/// instance warm-up of the web stack pass in seconds.
/// </summary>
public sealed class FastClockFixture : GureumLocalFixture
{
    protected override string[] Arguments => ["--drift-interval", "3s", "--clock-speedup", "60", "--live", "false"];
}

/// <summary>
/// Issue 9 end to end: deploy/examples/web-stack.yaml applied with kubectl into the emulator, read and
/// changed out of band with the AWS CLI. One <c>gureum local</c> (drift interval 3s, clock 60x) for the class.
/// </summary>
public sealed class InstanceGroupEndToEndTests(FastClockFixture local, ITestOutputHelper output) : IClassFixture<FastClockFixture>
{
    private const string Image = "ami-525651036e02a7bd3";
    private const string Subnets = "[subnet-76586c58763985c40, subnet-0f4afe85bf46caecb]";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly Kubectl _kubectl = local.Kubectl();
    private readonly AutoScalingReader _aws = AutoScalingReader.FromEnvFile(local.Process.AwsEnvPath);
    private readonly ElbReader _elb = ElbReader.FromEnvFile(local.Process.AwsEnvPath);
    private readonly AwsCli _route53 = new(local.Process.AwsEnvPath);

    private static string Stack => RepoRoot.Combine("deploy", "examples", "web-stack.yaml");

    private Task<string> IgAsync(string name, string path) =>
        _kubectl.RunAsync("get", "ig", name, "-o", $"jsonpath={path}").OkAsync();

    private Task<string> WaitIgAsync(string name, Func<string, bool> done, string what) =>
        Eventually.MatchAsync(() => _kubectl.RunAsync("get", "ig", name, "--no-headers").OkAsync(), done, what, Deadline);

    private static int Column(string row, int index) => int.Parse(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[index], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_web_stack_serves_scales_refreshes_keeps_its_limits_and_is_deleted_in_order()
    {
        // Applied from one file, all four objects become Ready.
        await _kubectl.RunAsync("apply", "-f", Stack).OkAsync();
        await _kubectl.RunAsync("wait", "--for=condition=Ready", "iamrole/web", "loadbalancer/web", "instancegroup/web", "dnsrecord/www", "--timeout=120s").OkAsync();

        var name = GroupNames.For("default", "web");
        var targetGroup = await _kubectl.RunAsync("get", "lb", "web", "-o", "jsonpath={.status.targetGroupArn}").OkAsync();
        var group = (await _aws.GroupAsync(name))!;
        Assert.Equal([targetGroup], group["TargetGroupARNs"]!.AsArray().Select(a => (string)a!));
        var instances = AutoScalingReader.Instances(group);
        Assert.Equal(2, instances.Count);
        Assert.All(instances, i => Assert.Equal(("InService", "Healthy", "t3.micro"), (i.State, i.Health, i.Type)));
        await Eventually.MatchAsync(() => _aws.HealthyTargetsAsync(targetGroup),
            healthy => healthy.SequenceEqual(instances.Select(i => i.Id).Order(StringComparer.Ordinal)), "both instances are healthy targets", Deadline);
        Assert.Equal(name, await IgAsync("web", "{.status.groupName}"));

        // www.example.com is an alias of the load balancer.
        var lb = (await _elb.LoadBalancersNamedAsync(await LoadBalancerNameAsync())).Single();
        var record = (await _route53.RecordSetsAsync(await _route53.ZoneIdAsync("example.com")))
            .Single(set => (string?)set["Name"] == "www.example.com." && (string?)set["Type"] == "A");
        Assert.Equal(((string)lb["DNSName"]!).TrimEnd('.').ToLowerInvariant(), ((string)record["AliasTarget"]!["DNSName"]!).TrimEnd('.').ToLowerInvariant());

        // Simulated CPU above the 60% target scales out; below it, back in to minSize. `kubectl get ig`: DESIRED INSERVICE HEALTHY.
        await PatchAsync("""{"spec":{"tags":{"gureum-emulator:cpu":"95"}}}""");
        var outRow = await WaitIgAsync("web", row => Column(row, 4) > 2 && Column(row, 5) > 2, "scaled out");
        output.WriteLine($"scaled out: {outRow}");
        await PatchAsync("""{"spec":{"tags":{"gureum-emulator:cpu":"5"}}}""");
        await WaitIgAsync("web", row => Column(row, 4) == 2 && Column(row, 5) == 2 && Column(row, 6) == 2, "scaled back in to 2");
        // At the target: neither out nor in from here.
        await PatchAsync("""{"spec":{"tags":{"gureum-emulator:cpu":"60"}}}""");

        // A new instance type: an instance refresh replaces every instance, never below minHealthyPercentage 50% of 2.
        var before = AutoScalingReader.Instances((await _aws.GroupAsync(name))!).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        await using (var watch = _aws.Watch(targetGroup))
        {
            await PatchAsync("""{"spec":{"template":{"instanceType":"t3.small"}}}""");
            var refreshed = await Eventually.MatchAsync(async () => (await _aws.GroupAsync(name))!,
                g => AutoScalingReader.Instances(g) is { Count: 2 } now && now.All(i => i.Type == "t3.small" && i.State == "InService" && i.Health == "Healthy" && !before.Contains(i.Id)),
                "every instance replaced by a t3.small", Deadline);
            await Eventually.MatchAsync(() => _aws.HealthyTargetsAsync(targetGroup),
                healthy => healthy.SequenceEqual(AutoScalingReader.Instances(refreshed).Select(i => i.Id).Order(StringComparer.Ordinal)), "the new instances are the healthy targets", Deadline);
            var (fewest, samples) = await watch.StopAsync();
            output.WriteLine($"instance refresh: fewest healthy targets {fewest} in {samples} reads");
            Assert.True(samples >= 2, $"only {samples} reads of target health");
            Assert.True(fewest >= 1, $"healthy targets fell to {fewest}");
        }
        await _kubectl.RunAsync("wait", "--for=condition=Ready", "instancegroup/web", "--timeout=120s").OkAsync();
        Assert.Equal("Successful", await IgAsync("web", "{.status.instanceRefresh.status}"));

        // Out of band: desired capacity under a scaling policy is the policy's to move, max size is the spec's.
        await _aws.OkAsync("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", name, "--desired-capacity", "3");
        await _aws.OkAsync("autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name", name, "--max-size", "9");
        var corrected = await Eventually.MatchAsync(async () => (await _aws.GroupAsync(name))!, g => (int)g["MaxSize"]! == 6, "max size set back to 6", Deadline);
        Assert.Equal(3, (int)corrected["DesiredCapacity"]!);
        await _kubectl.RunAsync("wait", "--for=condition=Ready", "instancegroup/web", "--timeout=120s").OkAsync();
        Assert.Equal(3, (int)(await _aws.GroupAsync(name))!["DesiredCapacity"]!);

        // kubectl delete -f: nothing of the stack is left anywhere.
        var lbName = await LoadBalancerNameAsync();
        await _kubectl.RunAsync("delete", "-f", Stack, "--timeout=180s").OkAsync();
        Assert.DoesNotContain(name, await _aws.GroupNamesAsync());
        Assert.DoesNotContain(name, await _aws.LaunchTemplateNamesAsync());
        Assert.Empty(await _elb.LoadBalancersNamedAsync(lbName));
        Assert.Empty(await _elb.TargetGroupsNamedAsync(lbName));
        var role = await _aws.OkAsync("iam", "list-roles");
        Assert.DoesNotContain(role!["Roles"]!.AsArray(), r => (string?)r!["RoleName"] == "default-web");
        var profiles = await _aws.OkAsync("iam", "list-instance-profiles");
        Assert.DoesNotContain(profiles!["InstanceProfiles"]!.AsArray(), p => (string?)p!["InstanceProfileName"] == "default-web");
        Assert.DoesNotContain(await _route53.RecordSetsAsync(await _route53.ZoneIdAsync("example.com")), set => (string?)set["Name"] == "www.example.com.");
        Assert.Empty(await _kubectl.RunAsync("get", "iamrole,lb,ig,dnsrecord", "-o", "name").OkAsync());
    }

    private Task<string> LoadBalancerNameAsync() => Task.FromResult(Gureum.Controllers.LoadBalancers.ElbNames.For("default", "web"));

    private Task<string> PatchAsync(string patch) => _kubectl.RunAsync("patch", "ig", "web", "--type=merge", "-p", patch).OkAsync();

    private static string Group(string name, string spec, string template = "") => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: InstanceGroup
        metadata:
          name: {name}
        spec:
          template:
            imageId: {Image}
            instanceType: t3.micro
        {template}
          subnetIds: {Subnets}
        {spec}
        """;

    public static TheoryData<string, string, string, string> BadInput => new()
    {
        { "min-above-max", "  minSize: 3\n  maxSize: 2", "", "spec.maxSize" },
        { "desired-outside", "  minSize: 1\n  maxSize: 2\n  desiredCapacity: 5", "", "spec.desiredCapacity" },
        { "unknown-image", "  minSize: 1\n  maxSize: 1", "", "spec.template.imageId" },
        { "big-user-data", "  minSize: 1\n  maxSize: 1", "    userData: " + new string('x', 16_500), "spec.template.userData" },
        { "no-profile", "  minSize: 1\n  maxSize: 1", "    iamRoleRef: { name: no-profile }", "spec.template.iamRoleRef" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_Stalled_InvalidSpec_naming_the_field_and_nothing_is_made(string name, string spec, string template, string field)
    {
        if (name == "no-profile")
        {
            await _kubectl.ApplyAsync("""
                apiVersion: gureum.dev/v1alpha1
                kind: IamRole
                metadata:
                  name: no-profile
                spec:
                  trustedServices: [ec2.amazonaws.com]
                """).OkAsync();
            await _kubectl.RunAsync("wait", "--for=condition=Ready", "iamrole/no-profile", "--timeout=60s").OkAsync();
        }
        var yaml = Group(name, spec, template);
        if (name == "unknown-image")
            yaml = yaml.Replace(Image, "ami-00000000deadbeef0", StringComparison.Ordinal);

        var applied = await _kubectl.ApplyAsync(yaml);
        if (applied.ExitCode != 0)
            Assert.Contains(field, applied.StdErr, StringComparison.Ordinal);
        else
        {
            var stalled = await Eventually.MatchAsync(() => IgAsync(name, "{.status.conditions[?(@.type==\"Stalled\")].status} {.status.conditions[?(@.type==\"Stalled\")].reason}: {.status.conditions[?(@.type==\"Stalled\")].message}"),
                text => text.StartsWith("True InvalidSpec:", StringComparison.Ordinal), $"instancegroup/{name} Stalled InvalidSpec", Deadline);
            output.WriteLine(stalled);
            Assert.Contains(field, stalled, StringComparison.Ordinal);
        }

        var awsName = GroupNames.For("default", name);
        Assert.DoesNotContain(awsName, await _aws.GroupNamesAsync());
        Assert.DoesNotContain(awsName, await _aws.LaunchTemplateNamesAsync());
        if (applied.ExitCode == 0)
            await _kubectl.RunAsync("delete", "ig", name, "--timeout=60s").OkAsync();
        if (name == "no-profile")
            await _kubectl.RunAsync("delete", "iamrole", "no-profile", "--timeout=60s").OkAsync();
    }
}
