using System.Globalization;
using System.Net;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Gureum.Local.Aws;
using Gureum.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>Launch templates and instances in the emulator's EC2, read by the official AWSSDK.EC2 client.</summary>
public sealed class Ec2LaunchTemplateEmulatorTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AmazonEC2Client _ec2 = Ec2Sdk.For(fixture.Emulator);
    private readonly string _image = fixture.Emulator.Ec2.Images.Images[0].ImageId;

    public void Dispose() => _ec2.Dispose();

    private RequestLaunchTemplateData Data(string? userData = null, string? image = null) => new()
    {
        ImageId = image ?? _image,
        InstanceType = InstanceType.T3Micro,
        SecurityGroupIds = [fixture.Emulator.Ec2.Network.SecurityGroups()[0].GroupId],
        UserData = userData is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(userData)),
        IamInstanceProfile = new() { Arn = "arn:aws:iam::000000000000:instance-profile/web" },
        MetadataOptions = new() { HttpTokens = LaunchTemplateHttpTokensState.Required },
        BlockDeviceMappings = [new() { DeviceName = "/dev/xvda", Ebs = new() { VolumeSize = 20, VolumeType = VolumeType.Gp3, Encrypted = true } }],
        TagSpecifications = [new() { ResourceType = ResourceType.Instance, Tags = [new("app", "web")] }],
    };

    [Fact]
    public async Task A_template_is_created_versioned_described_by_tag_and_deleted()
    {
        var created = await _ec2.CreateLaunchTemplateAsync(new()
        {
            LaunchTemplateName = "lt-life",
            LaunchTemplateData = Data("#!/bin/bash\n"),
            ClientToken = "token-1",
            TagSpecifications = [new() { ResourceType = ResourceType.LaunchTemplate, Tags = [new("team", "web")] }],
        }, None);
        var retried = await _ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "lt-life", LaunchTemplateData = Data(), ClientToken = "token-1" }, None);
        var id = created.LaunchTemplate.LaunchTemplateId;
        var v2 = await _ec2.CreateLaunchTemplateVersionAsync(new()
        {
            LaunchTemplateId = id,
            SourceVersion = "1",
            LaunchTemplateData = new() { InstanceType = InstanceType.T3Small },
        }, None);
        var latest = await _ec2.DescribeLaunchTemplateVersionsAsync(new() { LaunchTemplateId = id, Versions = ["$Latest"] }, None);
        var modified = await _ec2.ModifyLaunchTemplateAsync(new() { LaunchTemplateId = id, DefaultVersion = "2" }, None);
        var defaults = await _ec2.DescribeLaunchTemplateVersionsAsync(new() { LaunchTemplateName = "lt-life", Versions = ["$Default", "1"] }, None);
        var byTag = await _ec2.DescribeLaunchTemplatesAsync(new() { Filters = [new("tag:team", ["web"])] }, None);
        var deleted = await _ec2.DeleteLaunchTemplateAsync(new() { LaunchTemplateId = id }, None);
        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.DescribeLaunchTemplatesAsync(new() { LaunchTemplateIds = [id] }, None));

        Assert.Matches("^lt-[0-9a-f]{17}$", id);
        Assert.Equal(1, created.LaunchTemplate.LatestVersionNumber);
        Assert.Equal(["team"], created.LaunchTemplate.Tags.Select(t => t.Key));
        Assert.Equal(id, retried.LaunchTemplate.LaunchTemplateId);
        Assert.Equal(2, v2.LaunchTemplateVersion.VersionNumber);
        var data = latest.LaunchTemplateVersions.Single().LaunchTemplateData;
        Assert.Equal(InstanceType.T3Small, data.InstanceType);
        Assert.Equal(_image, data.ImageId);
        Assert.Equal("#!/bin/bash\n", Encoding.UTF8.GetString(Convert.FromBase64String(data.UserData)));
        Assert.Equal(LaunchTemplateHttpTokensState.Required, data.MetadataOptions.HttpTokens);
        Assert.Equal(20, data.BlockDeviceMappings[0].Ebs.VolumeSize);
        Assert.Equal("arn:aws:iam::000000000000:instance-profile/web", data.IamInstanceProfile.Arn);
        Assert.Equal("app", data.TagSpecifications.Single().Tags.Single().Key);
        Assert.Equal(2, modified.LaunchTemplate.DefaultVersionNumber);
        Assert.Equal([2L, 1L], defaults.LaunchTemplateVersions.Select(v => v.VersionNumber ?? 0));
        Assert.True(defaults.LaunchTemplateVersions[0].DefaultVersion);
        Assert.Equal(["lt-life"], byTag.LaunchTemplates.Select(t => t.LaunchTemplateName));
        Assert.Equal(id, deleted.LaunchTemplate.LaunchTemplateId);
        Assert.Equal("InvalidLaunchTemplateId.NotFound", gone.ErrorCode);
    }

    [Fact]
    public async Task Template_errors_are_EC2s()
    {
        await _ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "lt-errors", LaunchTemplateData = Data() }, None);

        var duplicate = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "lt-errors", LaunchTemplateData = Data() }, None));
        var noName = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DescribeLaunchTemplatesAsync(new() { LaunchTemplateNames = ["lt-nothing"] }, None));
        var noVersion = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DescribeLaunchTemplateVersionsAsync(new() { LaunchTemplateName = "lt-errors", Versions = ["7"] }, None));
        var malformed = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DescribeLaunchTemplatesAsync(new() { LaunchTemplateIds = ["lt-nope"] }, None));
        var tooLarge = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "lt-big", LaunchTemplateData = Data(new string('x', 16 * 1024 + 1)) }, None));
        var notBase64 = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "lt-b64", LaunchTemplateData = Patch(Data(), "not base64!") }, None));
        var badAmi = await _ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "lt-ami", LaunchTemplateData = Data(image: "ami-00000000") }, None);

        Assert.Equal("InvalidLaunchTemplateName.AlreadyExistsException", duplicate.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal("InvalidLaunchTemplateName.NotFoundException", noName.ErrorCode);
        Assert.Equal("InvalidLaunchTemplateId.VersionNotFound", noVersion.ErrorCode);
        Assert.Equal("InvalidLaunchTemplateId.Malformed", malformed.ErrorCode);
        Assert.Equal("InvalidUserData.Malformed", tooLarge.ErrorCode);
        Assert.Equal("InvalidUserData.Malformed", notBase64.ErrorCode);
        // AWS accepts a template naming an unknown image and warns; launching from it fails.
        Assert.Equal("InvalidAMIID.NotFound", badAmi.Warning.Errors.Single().Code);
        var launch = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.RunInstancesAsync(new()
        {
            MinCount = 1, MaxCount = 1, LaunchTemplate = new() { LaunchTemplateName = "lt-ami" },
        }, None));
        Assert.Equal("InvalidAMIID.NotFound", launch.ErrorCode);
    }

    private static RequestLaunchTemplateData Patch(RequestLaunchTemplateData data, string userData)
    {
        data.UserData = userData;
        data.IamInstanceProfile = null;
        return data;
    }

    [Fact]
    public async Task Instances_go_pending_running_shutting_down_terminated_then_vanish()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { TimeProvider = time }, None);
        using var ec2 = Ec2Sdk.For(emulator);
        await ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "lt-run", LaunchTemplateData = new() { ImageId = _image, InstanceType = InstanceType.T3Micro } }, None);
        var subnet = emulator.Ec2.Network.Subnets()[1];

        var run = await ec2.RunInstancesAsync(new()
        {
            MinCount = 1, MaxCount = 1, SubnetId = subnet.SubnetId,
            LaunchTemplate = new() { LaunchTemplateName = "lt-run", Version = "$Latest" },
            TagSpecifications = [new() { ResourceType = ResourceType.Instance, Tags = [new("Name", "one")] }],
        }, None);
        var id = run.Reservation.Instances[0].InstanceId;
        time.Advance(TimeSpan.FromSeconds(11));
        var running = await ec2.DescribeInstancesAsync(new() { Filters = [new("instance-state-name", ["running"]), new("tag:Name", ["one"])] }, None);
        var status = await ec2.DescribeInstanceStatusAsync(new() { InstanceIds = [id] }, None);
        var terminated = await ec2.TerminateInstancesAsync(new() { InstanceIds = [id] }, None);
        time.Advance(TimeSpan.FromSeconds(11));
        var after = await ec2.DescribeInstancesAsync(new() { InstanceIds = [id] }, None);
        time.Advance(TimeSpan.FromHours(1));
        var vanished = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new() { InstanceIds = [id] }, None));

        Assert.Equal(InstanceStateName.Pending, run.Reservation.Instances[0].State.Name);
        var instance = running.Reservations.Single().Instances.Single();
        Assert.Equal(id, instance.InstanceId);
        Assert.Equal(subnet.AvailabilityZone, instance.Placement.AvailabilityZone);
        Assert.Equal(subnet.VpcId, instance.VpcId);
        Assert.StartsWith(subnet.CidrBlock[..subnet.CidrBlock.LastIndexOf('.')], instance.PrivateIpAddress, StringComparison.Ordinal);
        Assert.Equal(InstanceType.T3Micro, instance.InstanceType);
        Assert.Equal("ok", status.InstanceStatuses.Single().Status.Status.Value);
        Assert.Equal(InstanceStateName.ShuttingDown, terminated.TerminatingInstances[0].CurrentState.Name);
        Assert.Equal(InstanceStateName.Running, terminated.TerminatingInstances[0].PreviousState.Name);
        Assert.Equal(InstanceStateName.Terminated, after.Reservations[0].Instances[0].State.Name);
        Assert.Equal("InvalidInstanceID.NotFound", vanished.ErrorCode);
    }
}
