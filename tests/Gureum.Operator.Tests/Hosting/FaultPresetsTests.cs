using Gureum.Operator.Cli;
using Gureum.Operator.Local;
using Xunit;

namespace Gureum.Operator.Tests.Hosting;

public sealed class FaultPresetsTests
{
    [Fact]
    public void None_is_a_well_behaved_aws() => Assert.Empty(FaultPresets.For(AwsFaultMode.None).Services);

    [Fact]
    public void Throttle_enforces_route53s_published_rate_and_nothing_else()
    {
        var route53 = FaultPresets.For(AwsFaultMode.Throttle).Services["route53"];
        Assert.True(route53.Throttle);
        Assert.Null(route53.RatePerSecond); // the emulator's published rate: 10/s, burst 50
        Assert.Equal(0, route53.ServerErrorFraction);
        Assert.Equal(0, route53.LostResponseFraction);
    }

    [Fact]
    public void Chaos_adds_errors_lost_responses_and_latency()
    {
        var route53 = FaultPresets.For(AwsFaultMode.Chaos).Services["route53"];
        Assert.True(route53.Throttle);
        Assert.InRange(route53.ServerErrorFraction, 0.01, 0.2);
        Assert.InRange(route53.LostResponseFraction, 0.01, 0.2);
        Assert.True(route53.Latency > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("elasticloadbalancing")]
    [InlineData("ec2")]
    [InlineData("iam")]
    public void Chaos_also_faults_the_services_the_controllers_write_to(string signingName)
    {
        var faults = FaultPresets.For(AwsFaultMode.Chaos).Services[signingName];
        Assert.True(faults.Throttle);
        Assert.InRange(faults.ServerErrorFraction, 0.01, 0.2);
        Assert.InRange(faults.LostResponseFraction, 0.01, 0.2);
    }
}
