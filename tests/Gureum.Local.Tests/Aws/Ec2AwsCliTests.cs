using System.Text.Json;
using Gureum.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The emulator's EC2 driven by the AWS CLI (botocore's "ec2" protocol parser), as users will.</summary>
public sealed class Ec2AwsCliTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>
{
    private readonly AwsCli _aws = new(fixture.Emulator);

    [Fact]
    public async Task Default_subnets_are_listed_with_a_filter()
    {
        var result = await _aws.RunAsync("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        var subnets = JsonDocument.Parse(result.StdOut).RootElement.GetProperty("Subnets").EnumerateArray().ToList();
        Assert.Equal(6, subnets.Count);
        Assert.All(subnets, s =>
        {
            Assert.True(s.GetProperty("DefaultForAz").GetBoolean());
            Assert.True(s.GetProperty("MapPublicIpOnLaunch").GetBoolean());
            Assert.StartsWith("subnet-", s.GetProperty("SubnetId").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal("us-east-1a", subnets[0].GetProperty("AvailabilityZone").GetString());
    }

    [Fact]
    public async Task An_unknown_subnet_is_InvalidSubnetID_NotFound()
    {
        var result = await _aws.RunAsync("ec2", "describe-subnets", "--subnet-ids", "subnet-00000000");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("An error occurred (InvalidSubnetID.NotFound) when calling the DescribeSubnets operation: The subnet ID 'subnet-00000000' does not exist",
            result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amazon_images_the_default_group_and_a_created_group_read_back()
    {
        var images = await _aws.RunAsync("ec2", "describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-2023*",
            "--query", "Images[].Name");
        var group = await _aws.RunAsync("ec2", "describe-security-groups", "--group-names", "default");
        var created = await _aws.RunAsync("ec2", "create-security-group", "--group-name", "cli-web", "--description", "from the CLI");

        Assert.True(images.ExitCode == 0, images.ToString());
        var names = JsonDocument.Parse(images.StdOut).RootElement.EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(4, names.Count);
        Assert.All(names, n => Assert.StartsWith("al2023-ami-2023.", n, StringComparison.Ordinal));
        Assert.True(group.ExitCode == 0, group.ToString());
        Assert.Equal("default", JsonDocument.Parse(group.StdOut).RootElement.GetProperty("SecurityGroups")[0].GetProperty("GroupName").GetString());
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.StartsWith("sg-", JsonDocument.Parse(created.StdOut).RootElement.GetProperty("GroupId").GetString(), StringComparison.Ordinal);
    }
}
