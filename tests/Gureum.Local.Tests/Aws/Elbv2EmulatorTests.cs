using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Elbv2;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The ELBv2 emulator's own behaviour: the Query envelope and errors, provisioning and target health
/// on fake time with the clock speed-up, the EC2 hooks, and persistence. The client's view is in
/// Gureum.Aws.Tests, the CLI's in Elbv2AwsCliTests.</summary>
public sealed class Elbv2EmulatorTests : IDisposable
{
    private static readonly XNamespace Ns = "https://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static readonly (string, string)[] TwoSubnets = [("Subnets.member.1", "subnet-00000001"), ("Subnets.member.2", "subnet-00000002")];
    private const string Instance = "i-0123456789abcdef0";
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"gureum-elbv2-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task Answers_are_Query_envelopes_and_errors_are_ELBv2s()
    {
        await using var emulator = await StartAsync();

        var created = await SendAsync(emulator, "CreateLoadBalancer", [("Name", "envelope"), .. TwoSubnets]);
        var missing = await SendAsync(emulator, "DescribeLoadBalancers", ("Names.member.1", "nobody"));
        var badPort = await SendAsync(emulator, "CreateTargetGroup", ("Name", "tg"), ("Protocol", "HTTP"), ("Port", "70000"), ("VpcId", "vpc-00000001"));
        var internalName = await SendAsync(emulator, "CreateLoadBalancer", [("Name", "internal-web"), .. TwoSubnets]);
        var hyphen = await SendAsync(emulator, "CreateLoadBalancer", [("Name", "web-"), .. TwoSubnets]);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(Ns + "CreateLoadBalancerResponse", created.Xml.Name);
        Assert.NotNull(created.Xml.Element(Ns + "CreateLoadBalancerResult")?.Element(Ns + "LoadBalancers")?.Element(Ns + "member"));
        Assert.Equal((HttpStatusCode.BadRequest, "LoadBalancerNotFound"), (missing.Status, missing.Code));
        Assert.Equal(Ns + "ErrorResponse", missing.Xml.Name);
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationError"), (badPort.Status, badPort.Code));
        Assert.Contains("Member must have value less than or equal to 65535", badPort.Message, StringComparison.Ordinal);
        Assert.Equal("ValidationError", internalName.Code);
        Assert.Equal("ValidationError", hyphen.Code);
    }

    [Fact]
    public async Task A_load_balancer_is_provisioning_until_the_delay_divided_by_the_speed_up_has_passed()
    {
        await using var emulator = await StartAsync(speedUp: 4);
        var created = await SendAsync(emulator, "CreateLoadBalancer", [("Name", "slow"), ("Scheme", "internal"), .. TwoSubnets]);

        _time.Advance(TimeSpan.FromSeconds(9));
        var before = await SendAsync(emulator, "DescribeLoadBalancers", ("Names.member.1", "slow"));
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = await SendAsync(emulator, "DescribeLoadBalancers", ("Names.member.1", "slow"));

        Assert.Equal("provisioning", created.Value("Code"));
        Assert.Equal("provisioning", before.Value("Code"));
        Assert.Equal("active", after.Value("Code"));
        Assert.StartsWith("internal-slow-", created.Value("DNSName"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Target_health_follows_the_clock_from_unused_to_initial_healthy_draining_and_gone()
    {
        await using var emulator = await StartAsync(speedUp: 2);
        var (lb, group) = await LoadBalancerAndGroupAsync(emulator, interval: 10, healthy: 3);
        await SendAsync(emulator, "ModifyTargetGroupAttributes", ("TargetGroupArn", group),
            ("Attributes.member.1.Key", "deregistration_delay.timeout_seconds"), ("Attributes.member.1.Value", "20"));
        await SendAsync(emulator, "RegisterTargets", ("TargetGroupArn", group), ("Targets.member.1.Id", Instance));

        var unused = await HealthAsync(emulator, group);
        var listener = await SendAsync(emulator, "CreateListener", ("LoadBalancerArn", lb), ("Protocol", "HTTP"), ("Port", "80"),
            ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", group));
        var initial = await HealthAsync(emulator, group);
        _time.Advance(TimeSpan.FromSeconds(14));   // 3 checks × 10 s / 2 = 15 s
        var stillInitial = await HealthAsync(emulator, group);
        _time.Advance(TimeSpan.FromSeconds(1));
        var healthy = await HealthAsync(emulator, group);
        await SendAsync(emulator, "DeregisterTargets", ("TargetGroupArn", group), ("Targets.member.1.Id", Instance));
        var draining = await HealthAsync(emulator, group);
        _time.Advance(TimeSpan.FromSeconds(10));   // 20 s / 2
        var gone = await SendAsync(emulator, "DescribeTargetHealth", ("TargetGroupArn", group));

        Assert.Equal(HttpStatusCode.OK, listener.Status);
        Assert.Equal(("unused", "Target.NotInUse"), unused);
        Assert.Equal(("initial", "Elb.InitialHealthChecking"), initial);
        Assert.Equal(("initial", "Elb.InitialHealthChecking"), stillInitial);
        Assert.Equal(("healthy", null), healthy);
        Assert.Equal(("draining", "Target.DeregistrationInProgress"), draining);
        Assert.Empty(gone.Xml.Descendants(Ns + "TargetHealthDescriptions").Single().Elements());
    }

    [Fact]
    public async Task An_instance_the_EC2_hook_calls_unhealthy_never_passes_a_health_check()
    {
        await using var emulator = await StartAsync();
        emulator.Elbv2.Network = emulator.Elbv2.Network with { IsInstanceUnhealthy = id => id == Instance };
        var (lb, group) = await LoadBalancerAndGroupAsync(emulator, interval: 10, healthy: 3);
        await SendAsync(emulator, "CreateListener", ("LoadBalancerArn", lb), ("Protocol", "HTTP"), ("Port", "80"),
            ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", group));
        await SendAsync(emulator, "RegisterTargets", ("TargetGroupArn", group), ("Targets.member.1.Id", Instance));

        _time.Advance(TimeSpan.FromMinutes(10));
        var health = await HealthAsync(emulator, group);

        Assert.Equal(("unhealthy", "Target.FailedHealthChecks"), health);
    }

    [Fact]
    public async Task The_EC2_hooks_decide_which_subnets_and_instances_exist()
    {
        await using var emulator = await StartAsync();
        emulator.Elbv2.Network = emulator.Elbv2.Network with
        {
            FindSubnet = id => id == "subnet-00000001" ? new Elbv2Subnet(id, "us-east-1a", "vpc-00000001") : null,
            InstanceExists = _ => false,
            DefaultSecurityGroup = vpc => vpc == "vpc-00000001" ? "sg-0000000d" : null,
        };

        var unknownSubnet = await SendAsync(emulator, "CreateLoadBalancer", [("Name", "hooked"), ("Type", "network"), .. TwoSubnets]);
        var group = (await SendAsync(emulator, "CreateTargetGroup", ("Name", "hooked"), ("Protocol", "TCP"), ("Port", "80"),
            ("VpcId", "vpc-00000001"))).Value("TargetGroupArn");
        var unknownInstance = await SendAsync(emulator, "RegisterTargets", ("TargetGroupArn", group), ("Targets.member.1.Id", Instance));
        emulator.Elbv2.Network = emulator.Elbv2.Network with
        {
            FindSubnet = id => new Elbv2Subnet(id, id == "subnet-00000001" ? "us-east-1a" : "us-east-1b", "vpc-00000001"),
        };
        var withDefaultGroup = await SendAsync(emulator, "CreateLoadBalancer", [("Name", "hooked"), .. TwoSubnets]);

        Assert.Equal("SubnetNotFound", unknownSubnet.Code);
        Assert.Equal("InvalidTarget", unknownInstance.Code);
        Assert.Equal(("vpc-00000001", "sg-0000000d"), (withDefaultGroup.Value("VpcId"), withDefaultGroup.Value("SecurityGroups")));
    }

    [Fact]
    public async Task State_survives_a_restart()
    {
        string lb;
        string group;
        await using (var first = await StartAsync(stateDir: _stateDir))
        {
            (lb, group) = await LoadBalancerAndGroupAsync(first, interval: 30, healthy: 5);
            await SendAsync(first, "CreateListener", ("LoadBalancerArn", lb), ("Protocol", "HTTP"), ("Port", "80"),
                ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", group));
            await SendAsync(first, "AddTags", ("ResourceArns.member.1", lb), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "web"));
        }

        await using var second = await StartAsync(stateDir: _stateDir);
        var listeners = await SendAsync(second, "DescribeListeners", ("LoadBalancerArn", lb));
        var tags = await SendAsync(second, "DescribeTags", ("ResourceArns.member.1", lb));
        var inUse = await SendAsync(second, "DeleteTargetGroup", ("TargetGroupArn", group));

        Assert.True(File.Exists(Path.Combine(_stateDir, "aws", "elbv2.json")));
        Assert.Equal(group, listeners.Value("TargetGroupArn"));
        Assert.Equal("web", tags.Value("Value"));
        Assert.Equal("ResourceInUse", inUse.Code);
    }

    [Theory]
    [InlineData("web", null)]
    [InlineData("a-b-c-1", null)]
    [InlineData("abcdefghijabcdefghijabcdefghij12", null)]
    [InlineData("abcdefghijabcdefghijabcdefghij123", "cannot be longer than '32' characters")]
    [InlineData("-web", "cannot begin or end with a hyphen")]
    [InlineData("web-", "cannot begin or end with a hyphen")]
    [InlineData("web_1", "alphanumeric characters and hyphens")]
    [InlineData("internal-web", "cannot begin with 'internal-'")]
    public void Load_balancer_names_follow_AWSs_rules(string name, string? problem)
    {
        var found = Elbv2Naming.LoadBalancerNameProblem(name);

        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains(problem, found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1", "application", "Z35SXDOTRQ7X7K")]
    [InlineData("us-east-1", "network", "Z26RNL4JYFTOTI")]
    [InlineData("eu-west-1", "application", "Z32O12XQLNTSW2")]
    [InlineData("ap-northeast-2", "network", "ZIBE1TIR4HY56")]
    public void Canonical_hosted_zones_are_AWSs_per_region_and_type(string region, string type, string zone) =>
        Assert.Equal(zone, Elbv2Naming.CanonicalHostedZoneId(region, type));

    private async Task<(string LoadBalancer, string TargetGroup)> LoadBalancerAndGroupAsync(AwsEmulator emulator, int interval, int healthy)
    {
        var lb = (await SendAsync(emulator, "CreateLoadBalancer", [("Name", "health"), .. TwoSubnets])).Value("LoadBalancerArn");
        var group = (await SendAsync(emulator, "CreateTargetGroup", ("Name", "health"), ("Protocol", "HTTP"), ("Port", "80"),
            ("VpcId", "vpc-00000001"), ("HealthCheckIntervalSeconds", interval.ToString(CultureInfo.InvariantCulture)),
            ("HealthyThresholdCount", healthy.ToString(CultureInfo.InvariantCulture)))).Value("TargetGroupArn");
        return (lb, group);
    }

    private static async Task<(string State, string? Reason)> HealthAsync(AwsEmulator emulator, string group)
    {
        var reply = await SendAsync(emulator, "DescribeTargetHealth", ("TargetGroupArn", group));
        var health = reply.Xml.Descendants(Ns + "TargetHealth").Single();
        return (health.Element(Ns + "State")!.Value, health.Element(Ns + "Reason")?.Value);
    }

    private Task<AwsEmulator> StartAsync(double speedUp = 1, string? stateDir = null) =>
        AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            TimeProvider = _time,
            ClockSpeedUp = speedUp,
            Elbv2ProvisioningDelay = TimeSpan.FromSeconds(40),
            StateDir = stateDir,
            Elbv2AcceptsAnyNetworkId = true,
        }, CancellationToken.None);

    private sealed record Reply(HttpStatusCode Status, XElement Xml)
    {
        public string? Code => Xml.Descendants(Ns + "Code").FirstOrDefault()?.Value;
        public string Message => Xml.Descendants(Ns + "Message").FirstOrDefault()?.Value ?? "";
        public string Value(string name) => Xml.Descendants(Ns + name).First().Value;
    }

    private static async Task<Reply> SendAsync(AwsEmulator emulator, string action, params (string Name, string Value)[] parameters)
    {
        using var client = new SignedRoute53Client(emulator, service: "elasticloadbalancing");
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2015-12-01") };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        using var content = new FormUrlEncodedContent(form);
        var (status, body) = await client.SendFormAsync(content);
        return new Reply(status, XElement.Parse(body));
    }
}
