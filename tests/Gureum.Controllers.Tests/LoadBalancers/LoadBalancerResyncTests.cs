using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Controllers.LoadBalancers;
using Gureum.Controllers.Tests.Support;
using Xunit;

namespace Gureum.Controllers.Tests.LoadBalancers;

/// <summary>What a resync pass costs in ELBv2 calls. A fixture of its own, so the counts are these objects' only.</summary>
public sealed class LoadBalancerResyncTests(ResyncFixture env) : IClassFixture<ResyncFixture>
{
    private const int Count = 6;
    private static readonly TimeSpan Drift = TimeSpan.FromSeconds(2);

    private long Calls(string operation) => env.Emulator.Stats.Requests("elasticloadbalancing", operation);

    [Fact]
    public async Task Resync_passes_batch_their_describes_and_skip_per_resource_reads_until_a_full_read_is_due()
    {
        var names = Enumerable.Range(0, Count).Select(_ => env.UniqueName("resync")).ToList();
        await Task.WhenAll(names.Select(name => env.CreateAsync(TestObjects.LoadBalancer(name).Build())));
        foreach (var name in names)
            await env.WaitForAsync<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);
        await Task.Delay(Drift * 2);

        var attributes = Calls("DescribeLoadBalancerAttributes");
        var describes = Calls("DescribeLoadBalancers");
        var writes = env.Emulator.Stats.RequestCounts.Where(c => c.Key.Service == "elasticloadbalancing" && !c.Key.Operation.StartsWith("Describe", StringComparison.Ordinal)).Sum(c => c.Value);
        await Task.Delay(Drift * 3);

        // Three resync passes of six objects, none due for a full read.
        Assert.Equal(0, Calls("DescribeLoadBalancerAttributes") - attributes);
        Assert.InRange(Calls("DescribeLoadBalancers") - describes, 1, 3 * Count - 1);
        Assert.Equal(writes, env.Emulator.Stats.RequestCounts.Where(c => c.Key.Service == "elasticloadbalancing" && !c.Key.Operation.StartsWith("Describe", StringComparison.Ordinal)).Sum(c => c.Value));

        // Light passes still see what they read: a listener removed out of band is put back.
        var lb = (await env.Aws.Elbv2.FindLoadBalancersByNameAsync([ElbNames.For(ControllerFixture.Namespace, names[0])], CancellationToken.None)).Single();
        await env.Aws.Elbv2.DeleteListenerAsync(Assert.Single(await env.Aws.Elbv2.DescribeListenersAsync(lb.Arn, CancellationToken.None)).Arn, CancellationToken.None);
        await Eventually.True(async () => (await env.Aws.Elbv2.DescribeListenersAsync(lb.Arn, CancellationToken.None)).Count == 1, "the listener is back");
    }
}
