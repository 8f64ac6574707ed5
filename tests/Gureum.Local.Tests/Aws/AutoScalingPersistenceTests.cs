using System.Globalization;
using Gureum.Local.Aws;
using Gureum.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>Launch templates, instances and groups survive a restart with a state directory, as <c>gureum local</c> keeps them.</summary>
public sealed class AutoScalingPersistenceTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"gureum-asg-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task A_group_its_instances_and_its_template_are_there_after_a_restart()
    {
        var options = new AwsEmulatorOptions { TimeProvider = _time, StateDir = _stateDir };
        List<string> before;
        await using (var first = await AwsEmulator.StartAsync(options, CancellationToken.None))
        {
            var aws = new AwsCli(first);
            var image = first.Ec2.Images.Images[0].ImageId;
            var lt = await aws.RunAsync("ec2", "create-launch-template", "--launch-template-name", "kept",
                "--launch-template-data", $$"""{"ImageId":"{{image}}","InstanceType":"t3.micro"}""");
            Assert.True(lt.ExitCode == 0, lt.ToString());
            var asg = await aws.RunAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "kept",
                "--launch-template", "LaunchTemplateName=kept", "--min-size", "2", "--max-size", "2",
                "--vpc-zone-identifier", first.Ec2.Network.Subnets()[0].SubnetId);
            Assert.True(asg.ExitCode == 0, asg.ToString());
            _time.Advance(TimeSpan.FromSeconds(15));
            first.ReconcileGroups();
            before = first.AutoScaling.Store.Get("kept").Instances.Select(i => i.InstanceId).Order().ToList();
        }

        await using var second = await AwsEmulator.StartAsync(options, CancellationToken.None);
        second.ReconcileGroups();
        var group = second.AutoScaling.Store.Get("kept");

        Assert.Equal(2, before.Count);
        Assert.Equal(before, group.Instances.Select(i => i.InstanceId).Order());
        Assert.All(group.Instances, i => Assert.Equal("InService", i.LifecycleState));
        Assert.Equal(before, second.Ec2.Instances.Require(before).Select(i => i.InstanceId).Order());
        Assert.Equal("kept", second.Ec2.LaunchTemplates.Resolve(null, "kept", "$Latest").Template.Name);
        Assert.True(File.Exists(Path.Combine(_stateDir, "aws", "autoscaling.json")));
        Assert.True(File.Exists(Path.Combine(_stateDir, "aws", "ec2-instances.json")));
        Assert.True(File.Exists(Path.Combine(_stateDir, "aws", "ec2-launch-templates.json")));
    }
}
