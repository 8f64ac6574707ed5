using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Aws.Errors;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

/// <summary>The ELBv2 client over HTTP against the emulator's ELBv2: the shapes, batching and error kinds
/// the LoadBalancer controller builds on. Subnet ids are picked so the emulator's default network puts
/// them in different zones (subnet-…1 in b, …2 in c, …3 in a).</summary>
public sealed class Elbv2ClientEmulatorTests(Elbv2AloneEmulatorFixture fixture) : IClassFixture<Elbv2AloneEmulatorFixture>, IDisposable
{
    private const string Vpc = "vpc-0123456789abcdef0";
    private const string Certificate = "arn:aws:acm:us-east-1:000000000000:certificate/12345678-1234-1234-1234-123456789012";
    private static readonly string[] TwoSubnets = ["subnet-00000001", "subnet-00000002"];
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly AwsClients _aws = AwsClients.Create(
        AwsSettings.ForEndpoint(fixture.Emulator.Endpoint, fixture.Emulator.Region, fixture.Emulator.AccessKeyId, fixture.Emulator.SecretAccessKey),
        TimeProvider.System);

    private IElbv2Client Elb => _aws.Elbv2;

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task A_load_balancer_is_created_described_changed_and_deleted()
    {
        var created = await Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-web", TwoSubnets)
        {
            SecurityGroups = ["sg-00000001"],
            Tags = [new("gureum.dev/owner", "default/web")],
        }, None);
        var byName = (await Elb.DescribeLoadBalancersByNameAsync(["client-web"], None)).Single();
        var byArn = (await Elb.DescribeLoadBalancersByArnAsync([created.Arn], None)).Single();

        // Lists compare by reference in records: compare them apart.
        Assert.Equal(created with { AvailabilityZones = [], SecurityGroups = [] }, byName with { AvailabilityZones = [], SecurityGroups = [] });
        Assert.Equal(created.AvailabilityZones, byArn.AvailabilityZones);
        Assert.Equal(byName.Arn, byArn.Arn);
        Assert.Matches(@"^arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/client-web/[0-9a-f]{16}$", created.Arn);
        Assert.Matches(@"^client-web-\d{10}\.us-east-1\.elb\.amazonaws\.com$", created.DnsName);
        Assert.Equal(("Z35SXDOTRQ7X7K", "application", "internet-facing", "provisioning"),
            (created.CanonicalHostedZoneId, created.Type, created.Scheme, created.State));
        Assert.Equal(["subnet-00000001", "subnet-00000002"], created.AvailabilityZones.Select(z => z.SubnetId).Order());
        Assert.Equal(["sg-00000001"], created.SecurityGroups);

        var attributes = await Elb.ModifyLoadBalancerAttributesAsync(created.Arn,
            new Dictionary<string, string> { [Elbv2Values.IdleTimeoutSeconds] = "120", [Elbv2Values.DeletionProtection] = "true" }, None);
        Assert.Equal(("120", "true"), (attributes[Elbv2Values.IdleTimeoutSeconds], attributes[Elbv2Values.DeletionProtection]));
        var refused = await Assert.ThrowsAsync<AwsException>(() => Elb.DeleteLoadBalancerAsync(created.Arn, None));
        Assert.Equal(("OperationNotPermitted", AwsErrorKind.Invalid), (refused.Code, refused.Kind));

        await Elb.SetSecurityGroupsAsync(created.Arn, ["sg-00000002"], None);
        var zones = await Elb.SetSubnetsAsync(created.Arn, ["subnet-00000002", "subnet-00000003"], None);
        await Elb.ModifyLoadBalancerAttributesAsync(created.Arn, new Dictionary<string, string> { [Elbv2Values.DeletionProtection] = "false" }, None);
        var changed = (await Elb.DescribeLoadBalancersByArnAsync([created.Arn], None)).Single();
        await Elb.DeleteLoadBalancerAsync(created.Arn, None);

        Assert.Equal(["us-east-1a", "us-east-1c"], zones.Select(z => z.ZoneName).Order());
        Assert.Equal(["sg-00000002"], changed.SecurityGroups);
        Assert.Empty(await Elb.FindLoadBalancersByNameAsync(["client-web"], None));
        var gone = await Assert.ThrowsAsync<AwsException>(() => Elb.DescribeLoadBalancersByNameAsync(["client-web"], None));
        Assert.Equal(("LoadBalancerNotFound", AwsErrorKind.NotFound), (gone.Code, gone.Kind));
    }

    [Fact]
    public async Task Describes_send_twenty_names_a_call_and_follow_every_page()
    {
        var names = Enumerable.Range(1, 25).Select(i => $"client-batch-{i:D2}").ToList();
        var arns = new List<string>();
        foreach (var name in names)
            arns.Add((await Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest(name, TwoSubnets) { Type = Elbv2Values.Network }, None)).Arn);
        var before = fixture.Emulator.Stats.Requests("elasticloadbalancing", "DescribeLoadBalancers");
        var tagsBefore = fixture.Emulator.Stats.Requests("elasticloadbalancing", "DescribeTags");

        var described = await Elb.DescribeLoadBalancersByNameAsync(names, None);
        var describeCalls = fixture.Emulator.Stats.Requests("elasticloadbalancing", "DescribeLoadBalancers") - before;
        var found = await Elb.FindLoadBalancersByNameAsync([.. names.Take(3), "client-batch-missing"], None);
        var paged = await new Elbv2Client(_aws.Channel(AwsService.ElasticLoadBalancingV2)) { PageSize = 7 }.DescribeAllLoadBalancersAsync(None);
        var tags = await Elb.DescribeTagsAsync(arns, None);

        Assert.Equal(names, described.Select(l => l.Name));
        Assert.Equal(2, describeCalls);
        Assert.Equal(names.Take(3), found.Select(l => l.Name));
        Assert.Superset(names.ToHashSet(), paged.Select(l => l.Name).ToHashSet());
        Assert.Equal(arns, tags.Select(t => t.ResourceArn));
        Assert.Equal(2, fixture.Emulator.Stats.Requests("elasticloadbalancing", "DescribeTags") - tagsBefore);
        Assert.All(described, l => Assert.Matches(@"^client-batch-\d\d-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$", l.DnsName));
        Assert.All(described, l => Assert.Equal("Z26RNL4JYFTOTI", l.CanonicalHostedZoneId));
    }

    [Fact]
    public async Task A_target_group_with_a_health_check_serves_listeners_and_cannot_go_while_used()
    {
        var lb = await Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-listeners", TwoSubnets), None);
        var group = await Elb.CreateTargetGroupAsync(new CreateTargetGroupRequest("client-tg")
        {
            Protocol = "HTTP",
            Port = 8080,
            VpcId = Vpc,
            HealthCheck = new Elbv2HealthCheck { Path = "/healthz", IntervalSeconds = 10, TimeoutSeconds = 5, HealthyThresholdCount = 3, HttpCode = "200-299" },
            Tags = [new("team", "web")],
        }, None);
        var forward = await Elb.CreateListenerAsync(new CreateListenerRequest(lb.Arn, "HTTPS", 443, [Elbv2Action.Forward(group.Arn)])
        {
            CertificateArns = [Certificate],
        }, None);
        var redirect = await Elb.CreateListenerAsync(new CreateListenerRequest(lb.Arn, "HTTP", 80, [Elbv2Action.RedirectToHttps()]), None);
        var modified = await Elb.ModifyTargetGroupAsync(group.Arn, new Elbv2HealthCheck { Path = "/ready", UnhealthyThresholdCount = 4 }, None);
        var attributes = await Elb.ModifyTargetGroupAttributesAsync(group.Arn,
            new Dictionary<string, string> { [Elbv2Values.DeregistrationDelaySeconds] = "30" }, None);
        await Elb.RegisterTargetsAsync(group.Arn, [new("i-0123456789abcdef0")], None);
        var health = await Elb.DescribeTargetHealthAsync(group.Arn, null, None);
        var listeners = await Elb.DescribeListenersAsync(lb.Arn, None);
        var ofLoadBalancer = await Elb.DescribeTargetGroupsOfLoadBalancerAsync(lb.Arn, None);

        Assert.Equal(new Elbv2HealthCheck
        {
            Protocol = "HTTP", Port = "traffic-port", Path = "/healthz", Enabled = true, IntervalSeconds = 10, TimeoutSeconds = 5,
            HealthyThresholdCount = 3, UnhealthyThresholdCount = 2, HttpCode = "200-299",
        }, group.HealthCheck);
        Assert.Equal(("/ready", 4, 3), (modified.HealthCheck.Path, modified.HealthCheck.UnhealthyThresholdCount, modified.HealthCheck.HealthyThresholdCount));
        Assert.Equal("30", attributes[Elbv2Values.DeregistrationDelaySeconds]);
        Assert.Equal([Certificate], forward.CertificateArns);
        Assert.Equal([Elbv2Action.Forward(group.Arn)], forward.DefaultActions);
        var redirectTo = Assert.Single(redirect.DefaultActions).Redirect!;
        Assert.Equal(("HTTP_301", "HTTPS", "443", "#{host}"), (redirectTo.StatusCode, redirectTo.Protocol, redirectTo.Port, redirectTo.Host));
        Assert.Equal(new[] { forward.Arn, redirect.Arn }.Order(StringComparer.Ordinal), listeners.Select(l => l.Arn).Order(StringComparer.Ordinal));
        Assert.Equal([lb.Arn], Assert.Single(ofLoadBalancer).LoadBalancerArns);
        var target = Assert.Single(health);
        Assert.Equal((new Elbv2Target("i-0123456789abcdef0", 8080), "initial", "Elb.InitialHealthChecking"), (target.Target, target.State, target.Reason));

        var inUse = await Assert.ThrowsAsync<AwsException>(() => Elb.DeleteTargetGroupAsync(group.Arn, None));
        Assert.Equal(("ResourceInUse", AwsErrorKind.Conflict), (inUse.Code, inUse.Kind));
        var noCertificate = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.ModifyListenerAsync(new ModifyListenerRequest(redirect.Arn) { Protocol = "HTTPS" }, None));
        Assert.Equal(("ValidationError", AwsErrorKind.Invalid), (noCertificate.Code, noCertificate.Kind));
        var badCertificate = await Assert.ThrowsAsync<AwsException>(() => Elb.CreateListenerAsync(
            new CreateListenerRequest(lb.Arn, "HTTPS", 8443, [Elbv2Action.Forward(group.Arn)]) { CertificateArns = ["arn:aws:acm:nowhere"] }, None));
        Assert.Equal(("CertificateNotFound", AwsErrorKind.Invalid), (badCertificate.Code, badCertificate.Kind));
        var samePort = await Assert.ThrowsAsync<AwsException>(() => Elb.CreateListenerAsync(
            new CreateListenerRequest(lb.Arn, "HTTP", 80, [Elbv2Action.Forward(group.Arn)]), None));
        Assert.Equal(("DuplicateListener", AwsErrorKind.AlreadyExists), (samePort.Code, samePort.Kind));

        await Elb.ModifyListenerAsync(new ModifyListenerRequest(forward.Arn) { Protocol = "HTTP", Port = 8080 }, None);
        await Elb.DeleteListenerAsync(forward.Arn, None);
        await Elb.DeregisterTargetsAsync(group.Arn, [new("i-0123456789abcdef0")], None);
        await Elb.DeleteTargetGroupAsync(group.Arn, None);
        var missing = await Assert.ThrowsAsync<AwsException>(() => Elb.DeleteListenerAsync(forward.Arn, None));
        Assert.Equal(("ListenerNotFound", AwsErrorKind.NotFound), (missing.Code, missing.Kind));
        Assert.Empty(await Elb.FindTargetGroupsByNameAsync(["client-tg"], None));
    }

    [Fact]
    public async Task Names_and_settings_are_checked_as_AWS_checks_them()
    {
        var first = await Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-dup", TwoSubnets), None);
        var again = await Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-dup", TwoSubnets), None);
        var duplicate = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-dup", ["subnet-00000002", "subnet-00000003"]), None));
        var tooLong = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest(new string('a', 33), TwoSubnets), None));
        var oneSubnet = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-one", ["subnet-00000001"]), None));
        var badSubnet = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-bad", ["subnet-00000001", "subnet-nothex"]), None));
        var noVpc = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.CreateTargetGroupAsync(new CreateTargetGroupRequest("client-novpc") { Protocol = "HTTP", Port = 80 }, None));
        await Elb.CreateTargetGroupAsync(new CreateTargetGroupRequest("client-tgdup") { Protocol = "HTTP", Port = 80, VpcId = Vpc }, None);
        var tgDuplicate = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.CreateTargetGroupAsync(new CreateTargetGroupRequest("client-tgdup") { Protocol = "HTTP", Port = 81, VpcId = Vpc }, None));
        var tooManyTags = await Assert.ThrowsAsync<AwsException>(() =>
            Elb.AddTagsAsync([first.Arn], Enumerable.Range(0, 51).Select(i => new Elbv2Tag($"k{i}", "v")).ToList(), None));

        Assert.Equal(first.Arn, again.Arn);
        Assert.Equal(("DuplicateLoadBalancerName", AwsErrorKind.AlreadyExists), (duplicate.Code, duplicate.Kind));
        Assert.Equal(("ValidationError", AwsErrorKind.Invalid), (tooLong.Code, tooLong.Kind));
        Assert.Equal(("InvalidConfigurationRequest", AwsErrorKind.Invalid), (oneSubnet.Code, oneSubnet.Kind));
        Assert.Equal(("SubnetNotFound", AwsErrorKind.Invalid), (badSubnet.Code, badSubnet.Kind));
        Assert.Equal(("ValidationError", AwsErrorKind.Invalid), (noVpc.Code, noVpc.Kind));
        Assert.Equal(("DuplicateTargetGroupName", AwsErrorKind.AlreadyExists), (tgDuplicate.Code, tgDuplicate.Kind));
        Assert.Equal(("TooManyTags", AwsErrorKind.Throttled, true), (tooManyTags.Code, tooManyTags.Kind, tooManyTags.IsQuota));
    }

    [Fact]
    public async Task Tags_are_added_replaced_and_removed()
    {
        var lb = await Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest("client-tags", TwoSubnets) { Tags = [new("a", "1")] }, None);

        await Elb.AddTagsAsync([lb.Arn], [new("a", "2"), new("b", "3")], None);
        await Elb.RemoveTagsAsync([lb.Arn], ["b"], None);
        var tags = Assert.Single(await Elb.DescribeTagsAsync([lb.Arn], None));

        Assert.Equal(lb.Arn, tags.ResourceArn);
        Assert.Equal([new Elbv2Tag("a", "2")], tags.Tags);
    }
}
