using Gureum.Aws.Endpoints;
using Gureum.Aws.Pipeline;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

/// <summary>The client and the emulator read one services table; this checks the two compiled copies agree.</summary>
public sealed class ServiceCatalogTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_clients_rate_limits_are_the_rates_the_emulator_throttles_at(bool mutating)
    {
        Assert.All(AwsService.All, service =>
        {
            var (client, _) = AwsRateLimits.Default.For(service, mutating);
            var (rate, burst) = fixture.Emulator.Faults.PublishedRate(service.SigningName, mutating);
            Assert.Equal((service.Name, rate, burst), (service.Name, client.RequestsPerSecond, client.Burst));
        });
    }

    [Fact]
    public void Services_read_their_names_and_endpoints_from_the_table()
    {
        Assert.Equal(AwsServiceCatalog.All.Select(s => s.Name), AwsService.All.Select(s => s.Name));
        Assert.Equal(("IAM", true), (AwsService.Iam.EndpointEnvSuffix, AwsService.Iam.IsGlobal));
        Assert.Equal(new Uri("https://iam.amazonaws.com/"), EndpointResolver.Resolve(AwsService.Iam, "eu-west-1", new Dictionary<string, string?>()).Url);
        Assert.Equal(("ec2", "describe", "mutate"), (AwsService.Ec2.SigningName, AwsService.Ec2.Catalog.BucketFor(false), AwsService.Ec2.Catalog.BucketFor(true)));
    }
}
