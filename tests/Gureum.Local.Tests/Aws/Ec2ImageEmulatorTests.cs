using Amazon.EC2;
using Amazon.EC2.Model;
using Gureum.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The emulator's image catalogue read by the official AWSSDK.EC2 client.</summary>
public sealed class Ec2ImageEmulatorTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AmazonEC2Client _ec2 = Ec2Sdk.For(fixture.Emulator);

    public void Dispose() => _ec2.Dispose();

    [Fact]
    public async Task Amazon_owned_images_are_listed_by_owner_and_name()
    {
        var amazon = await _ec2.DescribeImagesAsync(new() { Owners = ["amazon"] }, None);
        var al2023 = await _ec2.DescribeImagesAsync(new()
        {
            Owners = ["amazon"],
            Filters = [new("name", ["al2023-ami-2023.*-x86_64"]), new("architecture", ["x86_64"])],
        }, None);
        var ubuntu = await _ec2.DescribeImagesAsync(new() { Owners = ["099720109477"], Filters = [new("name", ["ubuntu/images/*/ubuntu-noble-24.04-*"])] }, None);

        Assert.All(amazon.Images, i => Assert.Equal("amazon", i.ImageOwnerAlias));
        Assert.Contains(amazon.Images, i => i.Platform == PlatformValues.Windows);
        Assert.DoesNotContain(amazon.Images, i => i.Name.StartsWith("ubuntu/", StringComparison.Ordinal));
        Assert.Equal(["al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64", "al2023-ami-2023.9.20251117.1-kernel-6.1-x86_64"],
            al2023.Images.Select(i => i.Name));
        var image = al2023.Images[0];
        Assert.Matches("^ami-[0-9a-f]{17}$", image.ImageId);
        Assert.Equal((ImageState.Available, true, "137112412989"), (image.State, image.Public, image.OwnerId));
        Assert.Equal(("/dev/xvda", 8), (image.RootDeviceName, image.BlockDeviceMappings.Single().Ebs.VolumeSize));
        Assert.Equal(2, ubuntu.Images.Count);
        Assert.All(ubuntu.Images, i => Assert.Null(i.ImageOwnerAlias));
    }

    [Fact]
    public async Task Images_are_described_by_id_and_page_with_NextToken()
    {
        var all = (await _ec2.DescribeImagesAsync(new(), None)).Images;
        var byId = await _ec2.DescribeImagesAsync(new() { ImageIds = [all[3].ImageId] }, None);
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _ec2.DescribeImagesAsync(new() { MaxResults = 5, NextToken = token }, None);
            names.AddRange(page.Images.Select(i => i.Name));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(all[3].Name, byId.Images.Single().Name);
        Assert.Equal(all.Select(i => i.Name), names);
        Assert.Equal((all.Count + 4) / 5, pages);
    }

    [Theory]
    [InlineData("ami-00000000000000000", "InvalidAMIID.NotFound", "The image id '[ami-00000000000000000]' does not exist")]
    [InlineData("ami-x", "InvalidAMIID.Malformed", "Invalid id: \"ami-x\" (expecting \"ami-...\")")]
    public async Task Unknown_and_malformed_image_ids_fail_the_call(string id, string code, string message)
    {
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.DescribeImagesAsync(new() { ImageIds = [id] }, None));

        Assert.Equal((code, message), (error.ErrorCode, error.Message));
    }
}
