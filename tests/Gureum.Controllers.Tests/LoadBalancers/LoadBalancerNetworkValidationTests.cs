using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Xunit;

namespace Gureum.Controllers.Tests.LoadBalancers;

/// <summary>
/// Subnets and security groups a spec names are checked in EC2 before ELBv2 is written to. A fixture of
/// its own: no other LoadBalancer runs against this emulator, so any ELBv2 write would be one of these.
/// </summary>
public sealed class LoadBalancerNetworkValidationTests(ControllerFixture env) : IClassFixture<ControllerFixture>
{
    private long Elbv2Writes => env.Emulator.Stats.RequestCounts
        .Where(count => count.Key.Service == "elasticloadbalancing" && !count.Key.Operation.StartsWith("Describe", StringComparison.Ordinal))
        .Sum(count => count.Value);

    private async Task<string> StalledMessageAsync(LoadBalancer resource)
    {
        await env.CreateAsync(resource);
        var stalled = await env.WaitForAsync<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(
            resource.Metadata.Name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);
        Assert.Null(stalled.Status!.LastSyncedTime);
        return ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message ?? "";
    }

    [Fact]
    public async Task An_unknown_subnet_is_refused_naming_the_field_with_no_ELBv2_write()
    {
        var name = env.UniqueName("nosubnet");
        var message = await StalledMessageAsync(TestObjects.LoadBalancer(name)
            .WithSpec(spec => spec with { SubnetIds = [EmulatorNetwork.SubnetA, "subnet-00000000deadbeef0"] }).Build());

        Assert.Equal("spec.subnetIds[1]: subnet subnet-00000000deadbeef0 does not exist", message);
        Assert.Equal(0, Elbv2Writes);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == ConditionReasons.InvalidSpec);
    }

    [Fact]
    public async Task An_unknown_security_group_is_refused_naming_the_field_with_no_ELBv2_write()
    {
        var name = env.UniqueName("nosg");
        var message = await StalledMessageAsync(TestObjects.LoadBalancer(name)
            .WithSpec(spec => spec with { SecurityGroupIds = [EmulatorNetwork.DefaultSecurityGroup, "sg-0123456789abcdef0"] }).Build());

        Assert.Equal("spec.securityGroupIds[1]: security group sg-0123456789abcdef0 does not exist", message);
        Assert.Equal(0, Elbv2Writes);
    }
}
