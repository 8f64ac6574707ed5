using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Aws.Errors;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

/// <summary>The emulator's ELBv2 sees its EC2 network, as ELBv2 sees a VPC on AWS.</summary>
public sealed class Elbv2WithEc2NetworkTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private readonly AwsClients _aws = AwsClients.Create(
        AwsSettings.ForEndpoint(fixture.Emulator.Endpoint, fixture.Emulator.Region, fixture.Emulator.AccessKeyId, fixture.Emulator.SecretAccessKey),
        TimeProvider.System);

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task A_load_balancer_on_the_default_subnets_lands_in_the_default_VPC_with_its_default_group()
    {
        var created = await _aws.Elbv2.CreateLoadBalancerAsync(
            new CreateLoadBalancerRequest("net-web", [EmulatorNetwork.SubnetA, EmulatorNetwork.SubnetB]), CancellationToken.None);

        Assert.Equal(EmulatorNetwork.DefaultVpc, created.VpcId);
        Assert.Equal([EmulatorNetwork.DefaultSecurityGroup], created.SecurityGroups);
        Assert.Equal(["us-east-1a", "us-east-1b"], created.AvailabilityZones.Select(zone => zone.ZoneName).Order());
    }

    [Fact]
    public async Task A_subnet_EC2_does_not_know_is_SubnetNotFound()
    {
        var refused = await Assert.ThrowsAsync<AwsException>(() => _aws.Elbv2.CreateLoadBalancerAsync(
            new CreateLoadBalancerRequest("net-missing", [EmulatorNetwork.SubnetA, "subnet-00000000deadbeef0"]), CancellationToken.None));

        Assert.Equal(("SubnetNotFound", AwsErrorKind.Invalid), (refused.Code, refused.Kind));
        Assert.Empty(await _aws.Elbv2.FindLoadBalancersByNameAsync(["net-missing"], CancellationToken.None));
    }
}
