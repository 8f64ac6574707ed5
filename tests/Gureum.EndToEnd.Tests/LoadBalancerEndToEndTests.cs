using System.Text.Json.Nodes;
using Gureum.Controllers.LoadBalancers;
using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// Issue 8 end to end: LoadBalancers applied with kubectl into the emulator's ELBv2, on the default
/// subnets and security group read from its EC2, checked and changed out of band with the AWS CLI.
/// One <c>gureum local</c> (drift interval 3s) for the class; every test uses its own names.
/// </summary>
public sealed class LoadBalancerEndToEndTests(GureumLocalFixture local) : IClassFixture<GureumLocalFixture>
{
    /// <summary>Bounds a failing wait for drift handling: many drift intervals, never a sleep.</summary>
    private static readonly TimeSpan DriftDeadline = TimeSpan.FromSeconds(30);

    private readonly Kubectl _kubectl = local.Kubectl();
    private readonly ElbReader _elb = ElbReader.FromEnvFile(local.Process.AwsEnvPath);
    private readonly AwsCli _route53 = new(local.Process.AwsEnvPath);

    private static string AwsName(string name) => ElbNames.For("default", name);

    private async Task<string> ManifestAsync(string name, string scheme = "internet-facing", string? listeners = null)
    {
        var subnets = await _elb.DefaultSubnetIdsAsync();
        Assert.True(subnets.Count >= 2, $"the emulator has {subnets.Count} default subnets");
        return LoadBalancerManifests.Web(name, subnets.Take(2).ToList(), await _elb.DefaultSecurityGroupIdAsync(), scheme, listeners);
    }

    private Task WaitReadyAsync(string kind, string name) =>
        _kubectl.RunAsync("wait", "--for=condition=Ready", $"{kind}/{name}", "--timeout=90s").OkAsync();

    private Task<string> JsonPathAsync(string name, string path) =>
        _kubectl.RunAsync("get", "loadbalancer", name, "-o", $"jsonpath={path}").OkAsync();

    /// <summary>"status reason: message" of one condition.</summary>
    private Task<string> ConditionAsync(string name, string type) =>
        JsonPathAsync(name, $"{{.status.conditions[?(@.type==\"{type}\")].status}} {{.status.conditions[?(@.type==\"{type}\")].reason}}: {{.status.conditions[?(@.type==\"{type}\")].message}}");

    private Task<string> WaitConditionAsync(string name, string type, string statusAndReason) =>
        Eventually.MatchAsync(() => ConditionAsync(name, type), text => text.StartsWith(statusAndReason + ":", StringComparison.Ordinal),
            $"loadbalancer/{name} {type} is {statusAndReason}");

    /// <summary>Applies the web manifest, waits for Ready, returns the one load balancer and the one target group of it.</summary>
    private async Task<(JsonNode Lb, JsonNode Group)> ReadyWebAsync(string name)
    {
        await _kubectl.ApplyAsync(await ManifestAsync(name)).OkAsync();
        await WaitReadyAsync("loadbalancer", name);
        return ((await _elb.LoadBalancersNamedAsync(AwsName(name))).Single(), (await _elb.TargetGroupsNamedAsync(AwsName(name))).Single());
    }

    private static string Arn(JsonNode node, string field) => (string)node[field]!;

    [Fact]
    public async Task An_internet_facing_application_load_balancer_becomes_Ready_with_listener_and_health_checked_target_group()
    {
        var subnets = (await _elb.DefaultSubnetIdsAsync()).Take(2).Order(StringComparer.Ordinal).ToList();
        var (lb, group) = await ReadyWebAsync("web");

        Assert.Equal("application", (string?)lb["Type"]);
        Assert.Equal("internet-facing", (string?)lb["Scheme"]);
        Assert.Equal("active", (string?)lb["State"]!["Code"]);
        Assert.Equal(subnets, lb["AvailabilityZones"]!.AsArray().Select(z => (string)z!["SubnetId"]!).Order(StringComparer.Ordinal));
        Assert.Equal([await _elb.DefaultSecurityGroupIdAsync()], lb["SecurityGroups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal("HTTP", (string?)group["Protocol"]);
        Assert.Equal(8080, (int)group["Port"]!);
        Assert.Equal("/healthz", (string?)group["HealthCheckPath"]);
        Assert.Equal(15, (int)group["HealthCheckIntervalSeconds"]!);
        Assert.Equal("200-399", (string?)group["Matcher"]!["HttpCode"]);
        Assert.Equal([$"HTTP:80->forward={Arn(group, "TargetGroupArn")}"], await _elb.ListenerSummariesAsync(Arn(lb, "LoadBalancerArn")));
        var tags = await _elb.TagsAsync(Arn(lb, "LoadBalancerArn"));
        Assert.Equal("e2e", tags["team"]);
        Assert.Contains("gureum.dev/owner", tags.Keys);

        Assert.Equal(Arn(lb, "LoadBalancerArn"), await JsonPathAsync("web", "{.status.arn}"));
        Assert.Equal((string)lb["DNSName"]!, await JsonPathAsync("web", "{.status.dnsName}"));
        Assert.Equal((string)lb["CanonicalHostedZoneId"]!, await JsonPathAsync("web", "{.status.canonicalHostedZoneId}"));
        Assert.Equal(Arn(group, "TargetGroupArn"), await JsonPathAsync("web", "{.status.targetGroupArn}"));
    }

    [Fact]
    public async Task An_alias_DnsRecord_to_the_load_balancer_becomes_Ready_and_points_at_it_in_Route53()
    {
        await _kubectl.ApplyAsync(LoadBalancerManifests.Alias("front-alias", "front", "front")).OkAsync();
        var (lb, _) = await ReadyWebAsync("front");
        await WaitReadyAsync("dnsrecord", "front-alias");

        var zone = await _route53.ZoneIdAsync("example.com");
        var record = (await _route53.RecordSetsAsync(zone)).Single(set => (string?)set["Name"] == "front.example.com." && (string?)set["Type"] == "A");
        Assert.Equal(((string)lb["DNSName"]!).TrimEnd('.').ToLowerInvariant(), ((string)record["AliasTarget"]!["DNSName"]!).TrimEnd('.').ToLowerInvariant());
        Assert.Equal((string)lb["CanonicalHostedZoneId"]!, (string)record["AliasTarget"]!["HostedZoneId"]!);
        Assert.Null(record["ResourceRecords"]);
    }

    [Fact]
    public async Task Health_check_path_listener_and_tag_changed_out_of_band_are_each_corrected_within_the_drift_interval()
    {
        var (lb, group) = await ReadyWebAsync("drifty");
        var lbArn = Arn(lb, "LoadBalancerArn");
        var groupArn = Arn(group, "TargetGroupArn");
        var name = AwsName("drifty");

        await _elb.OkAsync("elbv2", "modify-target-group", "--target-group-arn", groupArn, "--health-check-path", "/changed");
        await Eventually.MatchAsync(async () => (string?)(await _elb.TargetGroupsNamedAsync(name)).Single()["HealthCheckPath"],
            path => path == "/healthz", "the health check path restored", DriftDeadline);

        var listener = (await _elb.ListenersAsync(lbArn)).Single();
        await _elb.OkAsync("elbv2", "delete-listener", "--listener-arn", (string)listener["ListenerArn"]!);
        await Eventually.MatchAsync(() => _elb.ListenerSummariesAsync(lbArn), listeners => listeners.SequenceEqual([$"HTTP:80->forward={groupArn}"]),
            "the removed listener made again", DriftDeadline);

        await _elb.OkAsync("elbv2", "remove-tags", "--resource-arns", lbArn, "--tag-keys", "team");
        await Eventually.MatchAsync(() => _elb.TagsAsync(lbArn), tags => tags.GetValueOrDefault("team") == "e2e",
            "the removed tag put back", DriftDeadline);

        await WaitReadyAsync("loadbalancer", "drifty");
        Assert.Single(await _elb.LoadBalancersNamedAsync(name));
        Assert.Single(await _elb.TargetGroupsNamedAsync(name));
    }

    [Fact]
    public async Task A_port_out_of_range_is_refused_by_the_schema_naming_the_field_and_nothing_is_made()
    {
        var refused = await _kubectl.ApplyAsync(await ManifestAsync("bad-port", listeners: "  - port: 70000\n    protocol: HTTP"));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.listeners[0].port", refused.StdErr, StringComparison.Ordinal);
        Assert.Empty(await _elb.LoadBalancersNamedAsync(AwsName("bad-port")));
        Assert.Empty(await _elb.TargetGroupsNamedAsync(AwsName("bad-port")));
    }

    [Fact]
    public async Task An_unknown_subnet_is_Stalled_naming_the_field_and_nothing_is_made()
    {
        const string missing = "subnet-00000000deadbeef0";
        var subnets = (await _elb.DefaultSubnetIdsAsync()).Take(1).Append(missing).ToList();
        await _kubectl.ApplyAsync(LoadBalancerManifests.Web("no-subnet", subnets, await _elb.DefaultSecurityGroupIdAsync())).OkAsync();

        var stalled = await WaitConditionAsync("no-subnet", "Stalled", "True InvalidSpec");
        Assert.Contains($"spec.subnetIds[1]: subnet {missing} does not exist", stalled, StringComparison.Ordinal);
        Assert.Empty(await _elb.LoadBalancersNamedAsync(AwsName("no-subnet")));
        Assert.Empty(await _elb.TargetGroupsNamedAsync(AwsName("no-subnet")));

        await _kubectl.RunAsync("delete", "loadbalancer", "no-subnet", "--timeout=60s").OkAsync();
    }

    [Fact]
    public async Task An_HTTPS_listener_without_certificate_is_Stalled_naming_the_field_and_nothing_is_made()
    {
        await _kubectl.ApplyAsync(await ManifestAsync("no-cert", listeners: "  - port: 443\n    protocol: HTTPS")).OkAsync();

        var stalled = await WaitConditionAsync("no-cert", "Stalled", "True InvalidSpec");
        Assert.Contains("spec.listeners[0].certificateArn", stalled, StringComparison.Ordinal);
        Assert.Empty(await _elb.LoadBalancersNamedAsync(AwsName("no-cert")));
        Assert.Empty(await _elb.TargetGroupsNamedAsync(AwsName("no-cert")));

        await _kubectl.RunAsync("delete", "loadbalancer", "no-cert", "--timeout=60s").OkAsync();
    }

    [Fact]
    public async Task A_load_balancer_of_the_same_name_made_by_hand_is_left_untouched_and_the_object_is_Stalled_NotOwned()
    {
        var name = AwsName("taken");
        var subnets = (await _elb.DefaultSubnetIdsAsync()).Take(2).ToList();
        var made = (await _elb.OkAsync(["elbv2", "create-load-balancer", "--name", name, "--subnets", .. subnets, "--tags", "Key=team,Value=theirs"]))!
            ["LoadBalancers"]!.AsArray().Single()!;

        await _kubectl.ApplyAsync(await ManifestAsync("taken")).OkAsync();

        var stalled = await WaitConditionAsync("taken", "Stalled", "True NotOwned");
        Assert.Contains(name, stalled, StringComparison.Ordinal);
        var lb = (await _elb.LoadBalancersNamedAsync(name)).Single();
        Assert.Equal(Arn(made, "LoadBalancerArn"), Arn(lb, "LoadBalancerArn"));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "theirs" }, await _elb.TagsAsync(Arn(lb, "LoadBalancerArn")));
        Assert.Empty(await _elb.ListenersAsync(Arn(lb, "LoadBalancerArn")));
        Assert.Empty(await _elb.TargetGroupsNamedAsync(name));

        // Deleting the object does not delete what it never owned.
        await _kubectl.RunAsync("delete", "loadbalancer", "taken", "--timeout=60s").OkAsync();
        Assert.Equal(Arn(made, "LoadBalancerArn"), Arn((await _elb.LoadBalancersNamedAsync(name)).Single(), "LoadBalancerArn"));
    }

    [Fact]
    public async Task Changing_the_scheme_shows_Stalled_ReplacementRequired_and_leaves_the_load_balancer_as_it_was()
    {
        var (lb, _) = await ReadyWebAsync("fixed");

        await _kubectl.ApplyAsync(await ManifestAsync("fixed", scheme: "internal")).OkAsync();

        var stalled = await WaitConditionAsync("fixed", "Stalled", "True ReplacementRequired");
        Assert.Contains("spec.scheme", stalled, StringComparison.Ordinal);
        var still = (await _elb.LoadBalancersNamedAsync(AwsName("fixed"))).Single();
        Assert.Equal(Arn(lb, "LoadBalancerArn"), Arn(still, "LoadBalancerArn"));
        Assert.Equal("internet-facing", (string?)still["Scheme"]);
        Assert.StartsWith("False", await ConditionAsync("fixed", "Ready"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_leaves_no_load_balancer_target_group_or_listener()
    {
        var (lb, _) = await ReadyWebAsync("gone");
        var lbArn = Arn(lb, "LoadBalancerArn");
        Assert.Single(await _elb.ListenersAsync(lbArn));

        await _kubectl.RunAsync("delete", "loadbalancer", "gone", "--timeout=90s").OkAsync();

        Assert.Empty(await _elb.LoadBalancersNamedAsync(AwsName("gone")));
        Assert.Empty(await _elb.TargetGroupsNamedAsync(AwsName("gone")));
        var listeners = await _elb.FailsAsync("elbv2", "describe-listeners", "--load-balancer-arn", lbArn);
        Assert.Contains("LoadBalancerNotFound", listeners, StringComparison.Ordinal);
    }
}
