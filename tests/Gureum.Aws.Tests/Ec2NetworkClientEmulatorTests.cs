using System.Net;
using Gureum.Aws.Ec2;
using Gureum.Aws.Errors;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

/// <summary>The EC2 network client over HTTP (AWSSDK.EC2 on the pipeline) against the emulator's EC2:
/// the records a controller validates a spec with, batching, paging and error kinds.</summary>
public sealed class Ec2NetworkClientEmulatorTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly AwsClients _aws = AwsClients.Create(
        AwsSettings.ForEndpoint(fixture.Emulator.Endpoint, fixture.Emulator.Region, fixture.Emulator.AccessKeyId, fixture.Emulator.SecretAccessKey),
        TimeProvider.System);

    private IEc2NetworkClient Ec2 => _aws.Ec2Network;

    public void Dispose() => _aws.Dispose();

    private long Calls(AwsOperation operation) => _aws.Pipeline.Attempts(AwsService.Ec2, operation.Name);

    [Fact]
    public async Task The_default_VPC_and_its_subnets_come_back_as_records()
    {
        var vpc = await Ec2.FindDefaultVpcAsync(None);
        var subnets = await Ec2.DescribeDefaultSubnetsAsync(None);

        Assert.NotNull(vpc);
        Assert.Equal(("172.31.0.0/16", true, "available", "000000000000"), (vpc.CidrBlock, vpc.IsDefault, vpc.State, vpc.OwnerId));
        Assert.Equal(6, subnets.Count);
        var a = subnets[0];
        Assert.Equal((vpc.VpcId, "us-east-1a", "use1-az1", "172.31.0.0/20", true, true, 4091, "available"),
            (a.VpcId, a.AvailabilityZone, a.AvailabilityZoneId, a.CidrBlock, a.DefaultForAz, a.MapPublicIpOnLaunch, a.AvailableIpAddressCount, a.State));
        Assert.Empty(a.Tags);
    }

    [Fact]
    public async Task Subnets_and_groups_are_described_by_id_with_their_VPC()
    {
        var subnets = await Ec2.DescribeDefaultSubnetsAsync(None);
        var group = (await Ec2.DescribeSecurityGroupsAsync(null, [Ec2Filter.Of("group-name", "default")], None)).Single();

        var byId = await Ec2.DescribeSubnetsAsync([subnets[1].SubnetId, subnets[0].SubnetId, subnets[1].SubnetId], null, None);
        var groupById = await Ec2.DescribeSecurityGroupsAsync([group.GroupId], null, None);
        var noIds = await Ec2.DescribeSubnetsAsync([], null, None);

        Assert.Equal([subnets[0], subnets[1]], byId, (x, y) => x.SubnetId == y.SubnetId && x.VpcId == y.VpcId);
        Assert.Equal((group.GroupId, "default", subnets[0].VpcId), (groupById.Single().GroupId, groupById.Single().GroupName, groupById.Single().VpcId));
        Assert.Empty(noIds);
    }

    [Fact]
    public async Task Missing_ids_are_found_with_one_describe_per_kind_not_per_id()
    {
        var subnets = await Ec2.DescribeDefaultSubnetsAsync(None);
        var group = (await Ec2.DescribeSecurityGroupsAsync(null, [Ec2Filter.Of("group-name", "default")], None)).Single();
        var subnetCalls = Calls(Ec2Operations.DescribeSubnets);
        var groupCalls = Calls(Ec2Operations.DescribeSecurityGroups);

        var missingSubnets = await Ec2.FindMissingAsync(Ec2ResourceKind.Subnet,
            [subnets[0].SubnetId, "subnet-00000000", "not-a-subnet", subnets[3].SubnetId, "subnet-00000000"], None);
        var missingGroups = await Ec2.FindMissingAsync(Ec2ResourceKind.SecurityGroup, [group.GroupId, "sg-00000000"], None);
        var missingVpcs = await Ec2.FindMissingAsync(Ec2ResourceKind.Vpc, [subnets[0].VpcId, "vpc-00000000"], None);

        Assert.Equal(["subnet-00000000", "not-a-subnet"], missingSubnets);
        Assert.Equal(["sg-00000000"], missingGroups);
        Assert.Equal(["vpc-00000000"], missingVpcs);
        Assert.Equal(subnetCalls + 1, Calls(Ec2Operations.DescribeSubnets));
        Assert.Equal(groupCalls + 1, Calls(Ec2Operations.DescribeSecurityGroups));
    }

    [Fact]
    public async Task Many_ids_go_in_batches_of_200()
    {
        var ids = Enumerable.Range(0, 450).Select(i => $"subnet-{i:x8}").ToList();
        var before = Calls(Ec2Operations.DescribeSubnets);

        var missing = await Ec2.FindMissingAsync(Ec2ResourceKind.Subnet, ids, None);

        Assert.Equal(ids, missing);
        Assert.Equal(before + 3, Calls(Ec2Operations.DescribeSubnets));
    }

    [Theory]
    [InlineData("subnet", "subnet-00000000", "InvalidSubnetID.NotFound", AwsErrorKind.NotFound)]
    [InlineData("subnet", "subnet-x", "InvalidSubnetID.Malformed", AwsErrorKind.Invalid)]
    [InlineData("vpc", "vpc-00000000", "InvalidVpcID.NotFound", AwsErrorKind.NotFound)]
    [InlineData("sg", "sg-00000000", "InvalidGroup.NotFound", AwsErrorKind.NotFound)]
    [InlineData("ami", "ami-00000000", "InvalidAMIID.NotFound", AwsErrorKind.NotFound)]
    [InlineData("ami", "ami-x", "InvalidAMIID.Malformed", AwsErrorKind.Invalid)]
    public async Task Describing_an_unknown_id_is_an_AwsException_of_the_right_kind(string kind, string id, string code, AwsErrorKind expected)
    {
        Func<Task> call = kind switch
        {
            "subnet" => () => Ec2.DescribeSubnetsAsync([id], null, None),
            "vpc" => () => Ec2.DescribeVpcsAsync([id], null, None),
            "sg" => () => Ec2.DescribeSecurityGroupsAsync([id], null, None),
            _ => () => Ec2.DescribeImagesAsync([id], null, null, None),
        };

        var error = await Assert.ThrowsAsync<AwsException>(call);

        Assert.Equal((code, expected, HttpStatusCode.BadRequest), (error.Code, error.Kind, error.Status));
        Assert.Contains(id, error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amazon_images_are_listed_across_pages()
    {
        using var aws = AwsClients.Create(_aws.Settings, TimeProvider.System);
        var small = new Ec2NetworkClient(aws.Ec2, pageSize: 5);

        var amazon = await small.DescribeImagesAsync(null, ["amazon"], null, None);
        var al2023 = await Ec2.DescribeImagesAsync(null, ["amazon"], [Ec2Filter.Of("name", "al2023-ami-2023.*-arm64")], None);
        var byId = await Ec2.DescribeImagesAsync([al2023[0].ImageId], null, null, None);
        var missing = await Ec2.FindMissingAsync(Ec2ResourceKind.Image, [al2023[0].ImageId, "ami-00000000"], None);

        Assert.True(amazon.Count > 5);
        Assert.Equal((amazon.Count + 4) / 5, aws.Pipeline.Attempts(AwsService.Ec2, "DescribeImages"));
        Assert.All(amazon, i => Assert.Equal(("amazon", "available", true), (i.OwnerAlias, i.State, i.IsPublic)));
        Assert.Equal(amazon.Count, amazon.Select(i => i.ImageId).Distinct().Count());
        Assert.Equal(["al2023-ami-2023.6.20250115.0-kernel-6.1-arm64", "al2023-ami-2023.9.20251117.1-kernel-6.1-arm64"], al2023.Select(i => i.Name));
        var image = byId.Single();
        Assert.Equal(("arm64", "137112412989", "/dev/xvda"), (image.Architecture, image.OwnerId, image.RootDeviceName));
        Assert.Equal(new DateTimeOffset(2025, 1, 15, 19, 11, 55, TimeSpan.Zero), image.CreationDate);
        Assert.Equal(["ami-00000000"], missing);
    }
}
