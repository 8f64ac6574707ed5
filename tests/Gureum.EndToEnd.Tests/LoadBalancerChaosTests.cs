using Gureum.Controllers.LoadBalancers;
using Gureum.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// Chaos with a 15s drift interval: each LoadBalancer's drift pass costs seven ELBv2 describes
/// (load balancer, target group, tags, both attribute sets, listeners, target health), and ELBv2's
/// describe rate (10/s) is the account's. At 5s, eight objects alone would need 11/s and starve the
/// AWS CLI that checks them; at 15s they take about 4/s.
/// </summary>
public sealed class LoadBalancerChaosFixture : GureumLocalFixture
{
    protected override string[] Arguments => ["--aws-faults", "chaos", "--drift-interval", "15s", "--clock-speedup", "20", "--live", "false"];
}

/// <summary>
/// LoadBalancers under <c>--aws-faults chaos</c> (throttling, 5xx, latency, lost responses): each
/// object ends with exactly one load balancer and one target group holding its listener, and
/// deleting them leaves nothing of theirs in ELBv2.
/// </summary>
public sealed class LoadBalancerChaosTests(LoadBalancerChaosFixture local, ITestOutputHelper output) : IClassFixture<LoadBalancerChaosFixture>
{
    private const int Count = 8;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Load_balancers_converge_once_each_and_deleting_them_leaves_nothing()
    {
        var kubectl = local.Kubectl();
        var elb = ElbReader.FromEnvFile(local.Process.AwsEnvPath);
        var subnets = (await elb.DefaultSubnetIdsAsync()).Take(2).ToList();
        var securityGroup = await elb.DefaultSecurityGroupIdAsync();
        var manifests = string.Join("---\n", Enumerable.Range(0, Count).Select(i => LoadBalancerManifests.Web($"chaos-lb-{i}", subnets, securityGroup) + "\n"));
        await kubectl.ApplyAsync(manifests).OkAsync();

        await kubectl.RunAsync("wait", "--for=condition=Ready", "loadbalancers", "--all", $"--timeout={Timeout.TotalSeconds}s").OkAsync();

        var expected = Enumerable.Range(0, Count).Select(i => ElbNames.For("default", $"chaos-lb-{i}")).Order(StringComparer.Ordinal).ToList();
        var lbs = await elb.LoadBalancersAsync();
        var groups = await elb.TargetGroupsAsync();
        Assert.Equal(expected, Ours(lbs.Select(lb => (string)lb["LoadBalancerName"]!), expected));
        Assert.Equal(expected, Ours(groups.Select(group => (string)group["TargetGroupName"]!), expected));
        foreach (var name in expected)
        {
            var lb = lbs.Single(lb => (string?)lb["LoadBalancerName"] == name);
            var group = groups.Single(group => (string?)group["TargetGroupName"] == name);
            Assert.Equal([$"HTTP:80->forward={(string)group["TargetGroupArn"]!}"], await elb.ListenerSummariesAsync((string)lb["LoadBalancerArn"]!));
        }

        await kubectl.RunAsync("delete", "loadbalancers", "--all", $"--timeout={Timeout.TotalSeconds}s").OkAsync();

        Assert.Empty(Ours((await elb.LoadBalancersAsync()).Select(lb => (string)lb["LoadBalancerName"]!), expected));
        // What chaos did to ELBv2 in this run, for whoever reads a failure (random, so not asserted).
        using (var http = new HttpClient { BaseAddress = local.Process.MetricsAddress })
            foreach (var line in (await http.GetStringAsync("/metrics")).Split('\n')
                .Where(line => line.StartsWith("gureum_aws_calls", StringComparison.Ordinal) && line.Contains("elasticloadbalancing", StringComparison.OrdinalIgnoreCase)
                    && !line.Contains("\"success\"", StringComparison.Ordinal)))
                output.WriteLine(line);
        Assert.Empty(Ours((await elb.TargetGroupsAsync()).Select(group => (string)group["TargetGroupName"]!), expected));
    }

    /// <summary>This test's names, sorted, duplicates kept (a duplicate would mean a second resource of one name).</summary>
    private static List<string> Ours(IEnumerable<string> names, IReadOnlyList<string> expected) =>
        [.. names.Where(name => name.StartsWith("default-chaos-lb-", StringComparison.Ordinal) || expected.Contains(name)).Order(StringComparer.Ordinal)];
}
