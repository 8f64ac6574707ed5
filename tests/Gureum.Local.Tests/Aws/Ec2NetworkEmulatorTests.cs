using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;
using Gureum.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The emulator's EC2 network read by the official AWSSDK.EC2 client: the default VPC, its subnets and
/// security group, filters, paging, errors and the queries other emulated services use.</summary>
public sealed class Ec2NetworkEmulatorTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AmazonEC2Client _ec2 = Ec2Sdk.For(fixture.Emulator);

    public void Dispose() => _ec2.Dispose();

    private static Filter F(string name, params string[] values) => new(name, [.. values]);

    [Fact]
    public async Task A_new_account_has_a_default_VPC_with_one_default_subnet_per_zone()
    {
        var vpcs = await _ec2.DescribeVpcsAsync(new() { Filters = [F("isDefault", "true")] }, None);
        var subnets = await _ec2.DescribeSubnetsAsync(new() { Filters = [F("default-for-az", "true")] }, None);

        var vpc = Assert.Single(vpcs.Vpcs);
        Assert.True(vpc.IsDefault);
        Assert.Equal("172.31.0.0/16", vpc.CidrBlock);
        Assert.Equal("available", vpc.State.Value);
        Assert.Matches("^vpc-[0-9a-f]{17}$", vpc.VpcId);
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"],
            subnets.Subnets.Select(s => s.AvailabilityZone));
        Assert.All(subnets.Subnets, s =>
        {
            Assert.Equal(vpc.VpcId, s.VpcId);
            Assert.True(s.DefaultForAz);
            Assert.True(s.MapPublicIpOnLaunch);
            Assert.Matches("^subnet-[0-9a-f]{17}$", s.SubnetId);
            Assert.Equal(4091, s.AvailableIpAddressCount);
        });
        Assert.Equal(["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20", "172.31.48.0/20", "172.31.64.0/20", "172.31.80.0/20"],
            subnets.Subnets.Select(s => s.CidrBlock));
        Assert.Equal("use1-az1", subnets.Subnets[0].AvailabilityZoneId);
    }

    [Fact]
    public async Task Subnets_are_found_by_id_zone_and_vpc_and_page_with_NextToken()
    {
        var all = (await _ec2.DescribeSubnetsAsync(new(), None)).Subnets;
        var byIds = await _ec2.DescribeSubnetsAsync(new() { SubnetIds = [all[2].SubnetId, all[0].SubnetId] }, None);
        var byZone = await _ec2.DescribeSubnetsAsync(new() { Filters = [F("availability-zone", "us-east-1b", "us-east-1c"), F("vpc-id", all[0].VpcId)] }, None);
        var wildcard = await _ec2.DescribeSubnetsAsync(new() { Filters = [F("availabilityZone", "us-east-1?")] }, None);
        var none = await _ec2.DescribeSubnetsAsync(new() { Filters = [F("vpc-id", "vpc-00000000")] }, None);
        var first = await _ec2.DescribeSubnetsAsync(new() { MaxResults = 5 }, None);
        var second = await _ec2.DescribeSubnetsAsync(new() { MaxResults = 5, NextToken = first.NextToken }, None);

        Assert.Equal([all[0].SubnetId, all[2].SubnetId], byIds.Subnets.Select(s => s.SubnetId));
        Assert.Equal(["us-east-1b", "us-east-1c"], byZone.Subnets.Select(s => s.AvailabilityZone));
        Assert.Equal(6, wildcard.Subnets.Count);
        // SDK v4 answers an empty list as null.
        Assert.Null(none.Subnets);
        Assert.Equal(5, first.Subnets.Count);
        Assert.NotNull(first.NextToken);
        Assert.Single(second.Subnets);
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task The_default_VPC_has_its_default_security_group()
    {
        var vpc = (await _ec2.DescribeVpcsAsync(new() { Filters = [F("is-default", "true")] }, None)).Vpcs.Single();
        var byFilter = await _ec2.DescribeSecurityGroupsAsync(new() { Filters = [F("group-name", "default"), F("vpc-id", vpc.VpcId)] }, None);
        var group = Assert.Single(byFilter.SecurityGroups);
        var byName = await _ec2.DescribeSecurityGroupsAsync(new() { GroupNames = ["default"] }, None);
        var byId = await _ec2.DescribeSecurityGroupsAsync(new() { GroupIds = [group.GroupId] }, None);

        Assert.Matches("^sg-[0-9a-f]{17}$", group.GroupId);
        Assert.Equal(("default", "default VPC security group"), (group.GroupName, group.Description));
        Assert.Equal(group.GroupId, byName.SecurityGroups.Single().GroupId);
        Assert.Equal(group.GroupId, byId.SecurityGroups.Single().GroupId);
        Assert.Equal(group.GroupId, group.IpPermissions.Single().UserIdGroupPairs.Single().GroupId);
        Assert.Equal("0.0.0.0/0", group.IpPermissionsEgress.Single().Ipv4Ranges.Single().CidrIp);
    }

    [Fact]
    public async Task Security_groups_are_created_tagged_refused_twice_and_deleted()
    {
        var vpc = (await _ec2.DescribeVpcsAsync(new(), None)).Vpcs.Single();
        var created = await _ec2.CreateSecurityGroupAsync(new()
        {
            GroupName = "web",
            Description = "web servers",
            VpcId = vpc.VpcId,
            TagSpecifications = [new() { ResourceType = ResourceType.SecurityGroup, Tags = [new("team", "web")] }],
        }, None);
        var twice = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.CreateSecurityGroupAsync(new() { GroupName = "web", Description = "again", VpcId = vpc.VpcId }, None));
        var tagged = await _ec2.DescribeSecurityGroupsAsync(new() { Filters = [F("tag:team", "web")] }, None);
        var deleteDefault = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DeleteSecurityGroupAsync(new() { GroupName = "default" }, None));
        await _ec2.DeleteSecurityGroupAsync(new() { GroupId = created.GroupId }, None);
        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DescribeSecurityGroupsAsync(new() { GroupIds = [created.GroupId] }, None));

        Assert.Matches("^sg-[0-9a-f]{17}$", created.GroupId);
        Assert.Equal("InvalidGroup.Duplicate", twice.ErrorCode);
        Assert.Equal($"The security group 'web' already exists for VPC '{vpc.VpcId}'", twice.Message);
        Assert.Equal(created.GroupId, tagged.SecurityGroups.Single().GroupId);
        Assert.Equal("CannotDelete", deleteDefault.ErrorCode);
        Assert.Equal("InvalidGroup.NotFound", gone.ErrorCode);
        Assert.Equal($"The security group '{created.GroupId}' does not exist", gone.Message);
    }

    [Theory]
    [InlineData("subnet", "subnet-00000000", "InvalidSubnetID.NotFound", "The subnet ID 'subnet-00000000' does not exist")]
    [InlineData("subnet", "subnet-nothex", "InvalidSubnetID.Malformed", "Invalid id: \"subnet-nothex\" (expecting \"subnet-...\")")]
    [InlineData("vpc", "vpc-0123456789abcdef0", "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist")]
    [InlineData("sg", "sg-00000000", "InvalidGroup.NotFound", "The security group 'sg-00000000' does not exist")]
    [InlineData("sg", "web", "InvalidGroupId.Malformed", "Invalid id: \"web\" (expecting \"sg-...\")")]
    public async Task Unknown_and_malformed_ids_fail_the_call_with_EC2s_codes(string kind, string id, string code, string message)
    {
        Func<Task> call = kind switch
        {
            "subnet" => () => _ec2.DescribeSubnetsAsync(new() { SubnetIds = [id] }, None),
            "vpc" => () => _ec2.DescribeVpcsAsync(new() { VpcIds = [id] }, None),
            _ => () => _ec2.DescribeSecurityGroupsAsync(new() { GroupIds = [id] }, None),
        };

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(call);

        Assert.Equal((code, message, HttpStatusCode.BadRequest), (error.ErrorCode, error.Message, error.StatusCode));
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task An_unknown_filter_is_InvalidParameterValue_and_DryRun_changes_nothing()
    {
        var filter = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DescribeSubnetsAsync(new() { Filters = [F("colour", "blue")] }, None));
        var dryRun = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.CreateSecurityGroupAsync(new() { GroupName = "dry", Description = "d", DryRun = true }, None));
        var groups = await _ec2.DescribeSecurityGroupsAsync(new() { Filters = [F("group-name", "dry")] }, None);

        Assert.Equal(("InvalidParameterValue", "The filter 'colour' is invalid"), (filter.ErrorCode, filter.Message));
        Assert.Equal("DryRunOperation", dryRun.ErrorCode);
        Assert.Null(groups.SecurityGroups);
    }

    [Fact]
    public async Task Other_emulated_services_ask_EC2_about_subnets_and_groups()
    {
        var subnet = (await _ec2.DescribeSubnetsAsync(new(), None)).Subnets[0];
        var group = (await _ec2.DescribeSecurityGroupsAsync(new() { GroupNames = ["default"] }, None)).SecurityGroups[0];
        var ec2 = fixture.Emulator.Ec2;

        Assert.True(ec2.SubnetExists(subnet.SubnetId));
        Assert.False(ec2.SubnetExists("subnet-00000000"));
        Assert.Equal(subnet.VpcId, ec2.VpcOfSubnet(subnet.SubnetId));
        Assert.Null(ec2.VpcOfSubnet("subnet-00000000"));
        Assert.True(ec2.SecurityGroupExists(group.GroupId));
        Assert.False(ec2.SecurityGroupExists("sg-00000000"));
    }
}

/// <summary>Ids stay the same across restarts and machines; created groups persist; throttling is EC2's.</summary>
public sealed class Ec2EmulatorLifecycleTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"gureum-ec2-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task Default_ids_are_derived_from_account_and_region_and_created_groups_survive_a_restart()
    {
        var (subnets, groupId) = await RunAsync(new AwsEmulatorOptions { StateDir = _stateDir }, async ec2 =>
        {
            var created = await ec2.CreateSecurityGroupAsync(new() { GroupName = "kept", Description = "kept" }, None);
            return ((await ec2.DescribeSubnetsAsync(new(), None)).Subnets.Select(s => s.SubnetId).ToList(), created.GroupId);
        });
        var (again, kept) = await RunAsync(new AwsEmulatorOptions { StateDir = _stateDir }, async ec2 =>
            ((await ec2.DescribeSubnetsAsync(new(), None)).Subnets.Select(s => s.SubnetId).ToList(),
                (await ec2.DescribeSecurityGroupsAsync(new() { GroupIds = [groupId] }, None)).SecurityGroups.Single().GroupName));
        var (elsewhere, _) = await RunAsync(new AwsEmulatorOptions { Region = "eu-west-1" }, async ec2 =>
            ((await ec2.DescribeSubnetsAsync(new(), None)).Subnets.Select(s => s.AvailabilityZone + " " + s.SubnetId).ToList(), ""));

        Assert.Equal(subnets, again);
        Assert.Equal("kept", kept);
        Assert.Equal(3, elsewhere.Count);
        Assert.StartsWith("eu-west-1a subnet-", elsewhere[0], StringComparison.Ordinal);
        Assert.DoesNotContain(subnets[0], elsewhere[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_answers_RequestLimitExceeded_503()
    {
        var time = new FakeTimeProvider();
        var faults = new FaultSettings { Services = new Dictionary<string, ServiceFaults> { ["ec2"] = new() { Throttle = true, Burst = 1, RatePerSecond = 1 } } };
        var (first, second) = await RunAsync(new AwsEmulatorOptions { Faults = faults, TimeProvider = time }, async ec2 =>
        {
            var ok = await ec2.DescribeVpcsAsync(new(), None);
            var throttled = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeVpcsAsync(new(), None));
            return (ok.HttpStatusCode, throttled);
        });

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(("RequestLimitExceeded", "Request limit exceeded.", HttpStatusCode.ServiceUnavailable),
            (second.ErrorCode, second.Message, second.StatusCode));
    }

    private static async Task<T> RunAsync<T>(AwsEmulatorOptions options, Func<AmazonEC2Client, Task<T>> body)
    {
        await using var emulator = await AwsEmulator.StartAsync(options, None);
        using var ec2 = Ec2Sdk.For(emulator);
        return await body(ec2);
    }
}
