using System.Globalization;
using System.Text;
using System.Text.Json;
using Gureum.Local.Aws;
using Gureum.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The emulator's Auto Scaling driven by the AWS CLI (no AWSSDK.AutoScaling package is served), on fake time:
/// groups launch EC2 instances from launch templates and register them in ELBv2 target groups, replace unhealthy ones,
/// scale on the simulated CPU tag, refresh instances and are deleted. Time moves only when the test advances it.</summary>
public sealed class AutoScalingAwsCliTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
    private AwsEmulator _emulator = null!;
    private AwsCli _aws = null!;
    private string _image = "";
    private List<string> _subnets = [];

    public async Task InitializeAsync()
    {
        _emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { TimeProvider = _time }, CancellationToken.None);
        _aws = new AwsCli(_emulator);
        _image = _emulator.Ec2.Images.Images.First(i => i.Name.StartsWith("al2023-ami-2023", StringComparison.Ordinal)).ImageId;
        _subnets = _emulator.Ec2.Network.Subnets().Take(2).Select(s => s.SubnetId).ToList();
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_group_reaches_desired_capacity_with_instances_running_and_healthy_in_its_target_group()
    {
        await LaunchTemplateAsync("web", userData: "#!/bin/bash\necho hello\n");
        var targetGroup = await LoadBalancedTargetGroupAsync("web");
        await OkAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "web",
            "--launch-template", "LaunchTemplateName=web,Version=$Latest", "--min-size", "1", "--max-size", "4", "--desired-capacity", "2",
            "--vpc-zone-identifier", string.Join(',', _subnets), "--target-group-arns", targetGroup,
            "--health-check-type", "ELB", "--health-check-grace-period", "60", "--tags", "Key=team,Value=web,PropagateAtLaunch=true");

        Advance(TimeSpan.FromMinutes(4));
        var group = (await OkAsync("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "web"))
            .GetProperty("AutoScalingGroups")[0];
        var health = await OkAsync("elbv2", "describe-target-health", "--target-group-arn", targetGroup);
        var running = await OkAsync("ec2", "describe-instances", "--filters", "Name=tag:aws:autoscaling:groupName,Values=web",
            "Name=instance-state-name,Values=running");

        var instances = group.GetProperty("Instances").EnumerateArray().ToList();
        Assert.Equal(2, instances.Count);
        Assert.All(instances, i =>
        {
            Assert.Equal("InService", i.GetProperty("LifecycleState").GetString());
            Assert.Equal("Healthy", i.GetProperty("HealthStatus").GetString());
            Assert.Equal("1", i.GetProperty("LaunchTemplate").GetProperty("Version").GetString());
        });
        Assert.Equal(2, instances.Select(i => i.GetProperty("AvailabilityZone").GetString()).Distinct().Count());
        Assert.Equal(["healthy", "healthy"], health.GetProperty("TargetHealthDescriptions").EnumerateArray()
            .Select(t => t.GetProperty("TargetHealth").GetProperty("State").GetString()));
        var ec2 = running.GetProperty("Reservations").EnumerateArray().Select(r => r.GetProperty("Instances")[0]).ToList();
        Assert.Equal(instances.Select(i => i.GetProperty("InstanceId").GetString()).Order(), ec2.Select(i => i.GetProperty("InstanceId").GetString()).Order());
        Assert.All(ec2, i =>
        {
            Assert.Contains(i.GetProperty("Tags").EnumerateArray(), t => t.GetProperty("Key").GetString() == "team");
            Assert.StartsWith("172.31.", i.GetProperty("PrivateIpAddress").GetString(), StringComparison.Ordinal);
            Assert.Equal("t3.micro", i.GetProperty("InstanceType").GetString());
        });
    }

    [Fact]
    public async Task The_unhealthy_user_data_line_keeps_targets_unhealthy_and_ELB_health_checks_replace_them()
    {
        await LaunchTemplateAsync("sick", userData: "#!/bin/bash\n#gureum-emulator: unhealthy\n");
        var targetGroup = await LoadBalancedTargetGroupAsync("sick");
        await OkAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "sick",
            "--launch-template", "LaunchTemplateName=sick", "--min-size", "1", "--max-size", "1",
            "--vpc-zone-identifier", _subnets[0], "--target-group-arns", targetGroup, "--health-check-type", "ELB", "--health-check-grace-period", "120");
        Advance(TimeSpan.FromSeconds(30));
        var first = _emulator.AutoScaling.Store.Get("sick").Instances.Single().InstanceId;

        // Registered when running (10 s), unhealthy after 2 failed checks 30 s apart; replaced once the grace period is over.
        Advance(TimeSpan.FromSeconds(60));
        var health = await OkAsync("elbv2", "describe-target-health", "--target-group-arn", targetGroup, "--targets", $"Id={first}");
        var during = _emulator.AutoScaling.Store.Get("sick").Instances.Single().InstanceId;
        Advance(TimeSpan.FromSeconds(60));
        var activities = await OkAsync("autoscaling", "describe-scaling-activities", "--auto-scaling-group-name", "sick");

        Assert.Equal("unhealthy", health.GetProperty("TargetHealthDescriptions")[0].GetProperty("TargetHealth").GetProperty("State").GetString());
        Assert.Equal(first, during);
        Assert.Contains(activities.GetProperty("Activities").EnumerateArray(), a =>
            a.GetProperty("Description").GetString() == $"Terminating EC2 instance: {first}"
            && a.GetProperty("Cause").GetString()!.Contains("ELB system health check failure", StringComparison.Ordinal));
        Assert.DoesNotContain(_emulator.AutoScaling.Store.Get("sick").Instances, i => i.InstanceId == first);
        Assert.Single(_emulator.AutoScaling.Store.Get("sick").Active);
    }

    [Fact]
    public async Task The_CPU_tag_scales_out_fast_and_in_slowly()
    {
        await LaunchTemplateAsync("cpu");
        await OkAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "cpu",
            "--launch-template", "LaunchTemplateName=cpu", "--min-size", "1", "--max-size", "6", "--desired-capacity", "2",
            "--vpc-zone-identifier", string.Join(',', _subnets));
        await OkAsync("autoscaling", "put-scaling-policy", "--auto-scaling-group-name", "cpu", "--policy-name", "cpu50",
            "--policy-type", "TargetTrackingScaling", "--target-tracking-configuration",
            """{"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"TargetValue":50.0}""");
        Advance(TimeSpan.FromSeconds(30));

        await OkAsync("autoscaling", "create-or-update-tags", "--tags",
            "ResourceId=cpu,ResourceType=auto-scaling-group,Key=gureum-emulator:cpu,Value=90,PropagateAtLaunch=false");
        Advance(TimeSpan.FromMinutes(2));
        var before = _emulator.AutoScaling.Store.Get("cpu").DesiredCapacity;
        Advance(TimeSpan.FromMinutes(2));
        var scaledOut = _emulator.AutoScaling.Store.Get("cpu").DesiredCapacity;
        await OkAsync("autoscaling", "create-or-update-tags", "--tags",
            "ResourceId=cpu,ResourceType=auto-scaling-group,Key=gureum-emulator:cpu,Value=10,PropagateAtLaunch=false");
        Advance(TimeSpan.FromMinutes(10));
        var notYet = _emulator.AutoScaling.Store.Get("cpu").DesiredCapacity;
        Advance(TimeSpan.FromMinutes(6));
        var scaledIn = _emulator.AutoScaling.Store.Get("cpu").DesiredCapacity;
        var policies = await OkAsync("autoscaling", "describe-policies", "--auto-scaling-group-name", "cpu");

        Assert.Equal(2, before);
        Assert.Equal(4, scaledOut); // ceil(2 × 90 / 50)
        Assert.Equal(4, notYet);
        Assert.Equal(3, scaledIn); // one at a time, not straight to ceil(4 × 10 / 50) = 1
        var policy = policies.GetProperty("ScalingPolicies")[0];
        Assert.Equal("TargetTrackingScaling", policy.GetProperty("PolicyType").GetString());
        Assert.Equal(2, policy.GetProperty("Alarms").GetArrayLength());
        Assert.Equal(50.0, policy.GetProperty("TargetTrackingConfiguration").GetProperty("TargetValue").GetDouble());
    }

    [Fact]
    public async Task An_instance_refresh_replaces_every_instance_keeping_min_healthy()
    {
        await LaunchTemplateAsync("roll");
        await OkAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "roll",
            "--launch-template", "LaunchTemplateName=roll,Version=1", "--min-size", "3", "--max-size", "3",
            "--vpc-zone-identifier", string.Join(',', _subnets));
        Advance(TimeSpan.FromSeconds(30));
        var original = _emulator.AutoScaling.Store.Get("roll").Instances.Select(i => i.InstanceId).ToList();
        await OkAsync("ec2", "create-launch-template-version", "--launch-template-name", "roll", "--source-version", "1",
            "--launch-template-data", """{"InstanceType":"t3.small"}""");

        var started = await OkAsync("autoscaling", "start-instance-refresh", "--auto-scaling-group-name", "roll",
            "--preferences", "MinHealthyPercentage=66,InstanceWarmup=30", "--desired-configuration",
            """{"LaunchTemplate":{"LaunchTemplateName":"roll","Version":"2"}}""");
        var again = await _aws.RunAsync("autoscaling", "start-instance-refresh", "--auto-scaling-group-name", "roll");
        var minHealthy = int.MaxValue;
        for (var second = 0; second < 600; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _emulator.ReconcileGroups();
            minHealthy = Math.Min(minHealthy, _emulator.AutoScaling.Store.Get("roll").Instances.Count(i => i is { LifecycleState: "InService", HealthStatus: "Healthy" }));
        }
        var refreshes = await OkAsync("autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name", "roll");
        var group = _emulator.AutoScaling.Store.Get("roll");

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("An error occurred (InstanceRefreshInProgress) when calling the StartInstanceRefresh operation", again.StdErr, StringComparison.Ordinal);
        var refresh = refreshes.GetProperty("InstanceRefreshes")[0];
        Assert.Equal(started.GetProperty("InstanceRefreshId").GetString(), refresh.GetProperty("InstanceRefreshId").GetString());
        Assert.Equal("Successful", refresh.GetProperty("Status").GetString());
        Assert.Equal(100, refresh.GetProperty("PercentageComplete").GetInt32());
        Assert.True(minHealthy >= 2, $"at one point only {minHealthy} instances were healthy");
        Assert.Equal(3, group.Instances.Count);
        Assert.All(group.Instances, i => Assert.Equal(2, i.LaunchTemplateVersion));
        Assert.Empty(group.Instances.Select(i => i.InstanceId).Intersect(original));
        Assert.Equal("2", group.LaunchTemplate.Version);
    }

    [Fact]
    public async Task Deleting_a_group_with_instances_needs_ForceDelete_and_terminates_them()
    {
        await LaunchTemplateAsync("gone");
        await OkAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "gone",
            "--launch-template", "LaunchTemplateName=gone", "--min-size", "2", "--max-size", "2", "--vpc-zone-identifier", _subnets[0]);
        Advance(TimeSpan.FromSeconds(30));
        var ids = _emulator.AutoScaling.Store.Get("gone").Instances.Select(i => i.InstanceId).ToList();

        var refused = await _aws.RunAsync("autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "gone");
        await OkAsync("autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "gone", "--force-delete");
        var deleting = await OkAsync("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "gone");
        var shuttingDown = await OkAsync("ec2", "describe-instances", "--instance-ids", ids[0], ids[1]);
        Advance(TimeSpan.FromSeconds(30));
        var after = await OkAsync("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "gone");

        Assert.Contains("An error occurred (ResourceInUse) when calling the DeleteAutoScalingGroup operation: You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.",
            refused.StdErr, StringComparison.Ordinal);
        Assert.Equal("Delete in progress", deleting.GetProperty("AutoScalingGroups")[0].GetProperty("Status").GetString());
        Assert.All(shuttingDown.GetProperty("Reservations").EnumerateArray(), r =>
            Assert.Equal("shutting-down", r.GetProperty("Instances")[0].GetProperty("State").GetProperty("Name").GetString()));
        Assert.Equal(0, after.GetProperty("AutoScalingGroups").GetArrayLength());
        Assert.All(_emulator.Ec2.Instances.Require(ids), i => Assert.NotNull(i.TerminatedAt));
    }

    [Fact]
    public async Task Errors_are_Auto_Scalings()
    {
        await LaunchTemplateAsync("errs");
        await LaunchTemplateAsync("bad-ami", image: "ami-0000000000000dead");
        var create = new[] { "autoscaling", "create-auto-scaling-group", "--min-size", "0", "--max-size", "1", "--vpc-zone-identifier", _subnets[0] };
        await OkAsync([.. create, "--auto-scaling-group-name", "errs", "--launch-template", "LaunchTemplateName=errs"]);

        var duplicate = await _aws.RunAsync([.. create, "--auto-scaling-group-name", "errs", "--launch-template", "LaunchTemplateName=errs"]);
        var noTemplate = await _aws.RunAsync([.. create, "--auto-scaling-group-name", "none", "--launch-template", "LaunchTemplateName=nothing"]);
        var sizes = await _aws.RunAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "sizes",
            "--launch-template", "LaunchTemplateName=errs", "--min-size", "3", "--max-size", "1", "--vpc-zone-identifier", _subnets[0]);
        var missing = await _aws.RunAsync("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "nobody", "--desired-capacity", "1");
        var above = await _aws.RunAsync("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "errs", "--desired-capacity", "5");
        var cancel = await _aws.RunAsync("autoscaling", "cancel-instance-refresh", "--auto-scaling-group-name", "errs");
        var token = await _aws.RunAsync("autoscaling", "describe-auto-scaling-groups", "--starting-token", "bm90LW91cnM=", "--max-items", "1");
        await OkAsync([.. create, "--auto-scaling-group-name", "bad-ami", "--launch-template", "LaunchTemplateName=bad-ami", "--desired-capacity", "1"]);
        Advance(TimeSpan.FromSeconds(5));
        var activities = await OkAsync("autoscaling", "describe-scaling-activities", "--auto-scaling-group-name", "bad-ami");

        Assert.Contains("An error occurred (AlreadyExists) when calling the CreateAutoScalingGroup operation: AutoScalingGroup by this name already exists - A group with the name errs already exists",
            duplicate.StdErr, StringComparison.Ordinal);
        Assert.Contains("An error occurred (ValidationError) when calling the CreateAutoScalingGroup operation: You must use a valid fully-formed launch template.",
            noTemplate.StdErr, StringComparison.Ordinal);
        Assert.Contains("(ValidationError) when calling the CreateAutoScalingGroup operation: Max bound, 1, must be greater than or equal to min bound, 3",
            sizes.StdErr, StringComparison.Ordinal);
        Assert.Contains("(ValidationError) when calling the SetDesiredCapacity operation: AutoScalingGroup name not found", missing.StdErr, StringComparison.Ordinal);
        Assert.Contains("(ValidationError) when calling the SetDesiredCapacity operation: New SetDesiredCapacity value 5 is above max value 1 for the AutoScalingGroup.",
            above.StdErr, StringComparison.Ordinal);
        Assert.Contains("An error occurred (ActiveInstanceRefreshNotFound) when calling the CancelInstanceRefresh operation", cancel.StdErr, StringComparison.Ordinal);
        Assert.Contains("(InvalidNextToken)", token.StdErr, StringComparison.Ordinal);
        var failed = activities.GetProperty("Activities")[0];
        Assert.Equal("Failed", failed.GetProperty("StatusCode").GetString());
        Assert.Contains("The image id '[ami-0000000000000dead]' does not exist", failed.GetProperty("StatusMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_are_terminated_by_request_tags_listed_and_traffic_sources_attached()
    {
        await LaunchTemplateAsync("ops");
        var targetGroup = await LoadBalancedTargetGroupAsync("ops");
        await OkAsync("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "ops",
            "--launch-template", "LaunchTemplateName=ops", "--min-size", "1", "--max-size", "3", "--desired-capacity", "2",
            "--vpc-zone-identifier", string.Join(',', _subnets), "--tags", "Key=env,Value=test,PropagateAtLaunch=false");
        Advance(TimeSpan.FromSeconds(20));
        var victim = _emulator.AutoScaling.Store.Get("ops").Instances[0].InstanceId;

        var terminated = await OkAsync("autoscaling", "terminate-instance-in-auto-scaling-group", "--instance-id", victim,
            "--should-decrement-desired-capacity");
        var tags = await OkAsync("autoscaling", "describe-tags", "--filters", "Name=auto-scaling-group,Values=ops", "Name=key,Values=env");
        await OkAsync("autoscaling", "attach-traffic-sources", "--auto-scaling-group-name", "ops", "--traffic-sources", $"Identifier={targetGroup},Type=elbv2");
        var sources = await OkAsync("autoscaling", "describe-traffic-sources", "--auto-scaling-group-name", "ops");
        var label = await _aws.RunAsync("autoscaling", "put-scaling-policy", "--auto-scaling-group-name", "ops", "--policy-name", "rps",
            "--policy-type", "TargetTrackingScaling", "--target-tracking-configuration",
            """{"PredefinedMetricSpecification":{"PredefinedMetricType":"ALBRequestCountPerTarget"},"TargetValue":100}""");
        var byTag = await OkAsync("autoscaling", "describe-auto-scaling-groups", "--filters", "Name=tag:env,Values=test");
        Advance(TimeSpan.FromSeconds(20));
        var instances = await OkAsync("autoscaling", "describe-auto-scaling-instances");
        var health = await OkAsync("elbv2", "describe-target-health", "--target-group-arn", targetGroup);

        Assert.Equal($"Terminating EC2 instance: {victim}", terminated.GetProperty("Activity").GetProperty("Description").GetString());
        Assert.Equal(1, _emulator.AutoScaling.Store.Get("ops").DesiredCapacity);
        Assert.Equal("test", tags.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal(targetGroup, sources.GetProperty("TrafficSources")[0].GetProperty("Identifier").GetString());
        Assert.Contains("(ValidationError) when calling the PutScalingPolicy operation: ResourceLabel must be specified", label.StdErr, StringComparison.Ordinal);
        Assert.Equal("ops", byTag.GetProperty("AutoScalingGroups")[0].GetProperty("AutoScalingGroupName").GetString());
        var remaining = Assert.Single(instances.GetProperty("AutoScalingInstances").EnumerateArray());
        Assert.NotEqual(victim, remaining.GetProperty("InstanceId").GetString());
        Assert.Equal("InService", remaining.GetProperty("LifecycleState").GetString());
        var target = Assert.Single(health.GetProperty("TargetHealthDescriptions").EnumerateArray());
        Assert.Equal(remaining.GetProperty("InstanceId").GetString(), target.GetProperty("Target").GetProperty("Id").GetString());
    }

    // ---- helpers ----

    private async Task LaunchTemplateAsync(string name, string? userData = null, string? image = null)
    {
        var data = new Dictionary<string, object> { ["ImageId"] = image ?? _image, ["InstanceType"] = "t3.micro" };
        if (userData is not null)
            data["UserData"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(userData));
        await OkAsync("ec2", "create-launch-template", "--launch-template-name", name, "--launch-template-data", JsonSerializer.Serialize(data));
    }

    /// <summary>An application load balancer with an HTTP listener forwarding to a new instance target group; its ARN.</summary>
    private async Task<string> LoadBalancedTargetGroupAsync(string name)
    {
        var vpc = _emulator.Ec2.Network.DefaultVpc!.VpcId;
        var lb = await OkAsync(["elbv2", "create-load-balancer", "--name", name, "--subnets", .. _subnets]);
        var tg = await OkAsync("elbv2", "create-target-group", "--name", name, "--protocol", "HTTP", "--port", "80", "--vpc-id", vpc);
        var arn = tg.GetProperty("TargetGroups")[0].GetProperty("TargetGroupArn").GetString()!;
        await OkAsync("elbv2", "create-listener", "--load-balancer-arn", lb.GetProperty("LoadBalancers")[0].GetProperty("LoadBalancerArn").GetString()!,
            "--protocol", "HTTP", "--port", "80", "--default-actions", $"Type=forward,TargetGroupArn={arn}");
        return arn;
    }

    private async Task<JsonElement> OkAsync(params string[] args)
    {
        var result = await _aws.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Trim().Length == 0 ? default : JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    /// <summary>Fake time in one-second steps; the emulator's timer moves the groups as it passes.</summary>
    private void Advance(TimeSpan total)
    {
        for (var t = TimeSpan.Zero; t < total; t += TimeSpan.FromSeconds(1))
            _time.Advance(TimeSpan.FromSeconds(1));
        _emulator.ReconcileGroups();
    }
}
