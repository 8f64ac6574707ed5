using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Controllers.LoadBalancers;
using Xunit;

namespace Gureum.Controllers.Tests.LoadBalancers;

/// <summary>LoadBalancer against the ELBv2 emulator over HTTP, through the runtime and the sandbox.</summary>
public sealed class LoadBalancerControllerTests(ControllerFixture env) : IClassFixture<ControllerFixture>
{
    private IElbv2Client Elbv2 => env.Aws.Elbv2;

    private static string AwsName(string name) => ElbNames.For(ControllerFixture.Namespace, name);

    private Task<LoadBalancer> WaitForAsync(string name, string type, ConditionStatus status, string? reason = null) =>
        env.WaitForAsync<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(name, type, status, reason);

    private Task<LoadBalancer> WaitReadyAsync(string name) => WaitForAsync(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);

    private static LoadBalancer WithHealthCheck(string name) => TestObjects.LoadBalancer(name).WithSpec(spec => spec with
    {
        TargetGroup = spec.TargetGroup with
        {
            DeregistrationDelaySeconds = 30,
            HealthCheck = new TargetHealthCheckSpec { Path = "/healthz", IntervalSeconds = 15, TimeoutSeconds = 5, HealthyThreshold = 2, Matcher = "200-399" },
        },
        Tags = new Dictionary<string, string> { ["team"] = "web" },
    }).Build();

    /// <summary>A merge patch that sets the allow-replacement annotation and merges <paramref name="spec"/> into the spec.</summary>
    private static string AllowingReplacement(string spec) =>
        "{\"metadata\":{\"annotations\":{\"" + Annotations.AllowReplacement + "\":\"true\"}},\"spec\":" + spec + "}";

    private async Task<Elbv2LoadBalancer?> FindAsync(string name) => (await Elbv2.FindLoadBalancersByNameAsync([AwsName(name)], CancellationToken.None)).SingleOrDefault();

    private async Task<Elbv2TargetGroup?> FindGroupAsync(string name) => (await Elbv2.FindTargetGroupsByNameAsync([AwsName(name)], CancellationToken.None)).SingleOrDefault();

    [Fact]
    public async Task A_load_balancer_with_a_target_group_and_a_listener_becomes_Ready_once_active()
    {
        var name = env.UniqueName("web");
        await env.CreateAsync(WithHealthCheck(name));

        var ready = await WaitReadyAsync(name);

        var lb = (await FindAsync(name))!;
        var group = (await FindGroupAsync(name))!;
        Assert.Equal(Elbv2Values.Active, lb.State);
        Assert.Equal((lb.Arn, lb.DnsName, lb.CanonicalHostedZoneId, "active"), (ready.Status!.Arn, ready.Status.DnsName, ready.Status.CanonicalHostedZoneId, ready.Status.State));
        Assert.Equal(group.Arn, ready.Status.TargetGroupArn);
        Assert.Equal("/healthz", group.HealthCheck.Path);
        Assert.Equal(lb.VpcId, group.VpcId);
        var listener = Assert.Single(await Elbv2.DescribeListenersAsync(lb.Arn, CancellationToken.None));
        Assert.Equal([listener.Arn], ready.Status.ListenerArns);
        Assert.Equal(group.Arn, Assert.Single(listener.DefaultActions).TargetGroupArn);
        Assert.Equal(new TargetCounts(), ready.Status.Targets);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "Created");
    }

    [Fact]
    public async Task Out_of_band_changes_to_the_health_check_a_listener_and_a_tag_are_corrected()
    {
        var name = env.UniqueName("drift");
        await env.CreateAsync(WithHealthCheck(name));
        await WaitReadyAsync(name);
        var lb = (await FindAsync(name))!;
        var group = (await FindGroupAsync(name))!;

        await Elbv2.ModifyTargetGroupAsync(group.Arn, new Elbv2HealthCheck { Path = "/changed" }, CancellationToken.None);
        await Elbv2.DeleteListenerAsync(Assert.Single(await Elbv2.DescribeListenersAsync(lb.Arn, CancellationToken.None)).Arn, CancellationToken.None);
        await Elbv2.RemoveTagsAsync([lb.Arn], ["team"], CancellationToken.None);

        await Eventually.True(async () => (await FindGroupAsync(name))!.HealthCheck.Path == "/healthz", "the health check path is restored");
        await Eventually.True(async () => (await Elbv2.DescribeListenersAsync(lb.Arn, CancellationToken.None)).Count == 1, "the listener is back");
        await Eventually.True(async () => (await Elbv2.DescribeTagsAsync([lb.Arn], CancellationToken.None)).Single().Tags.Any(t => t.Key == "team"), "the tag is back");
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "DriftDetected");
        await WaitReadyAsync(name);
    }

    [Fact]
    public async Task An_immutable_change_stalls_with_ReplacementRequired_and_changes_nothing()
    {
        var name = env.UniqueName("immutable");
        await env.CreateAsync(TestObjects.LoadBalancer(name).Build());
        var before = await WaitReadyAsync(name);

        await env.PatchAsync<LoadBalancer>(name, """{"spec":{"scheme":"internal"}}""");
        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.ReplacementRequired);

        Assert.Contains("spec.scheme", ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message, StringComparison.Ordinal);
        var lb = (await FindAsync(name))!;
        Assert.Equal((before.Status!.Arn, Elbv2Values.InternetFacing), (lb.Arn, lb.Scheme));
    }

    [Fact]
    public async Task With_allow_replacement_a_target_group_change_makes_a_new_group_moves_the_listener_and_deletes_the_old()
    {
        var name = env.UniqueName("replace");
        await env.CreateAsync(TestObjects.LoadBalancer(name).Build());
        var before = await WaitReadyAsync(name);
        var oldArn = before.Status!.TargetGroupArn!;

        await env.PatchAsync<LoadBalancer>(name,
            AllowingReplacement("""{"targetGroup":{"port":9090}}"""));

        await Eventually.True(async () => (await env.GetAsync<LoadBalancer>(name))?.Status?.TargetGroupArn is { } arn && arn != oldArn
            && ControllerFixture.ConditionOf((await env.GetAsync<LoadBalancer>(name))!, ConditionTypes.Ready)?.Status == ConditionStatus.True,
            "status names the new target group and the object is Ready", TimeSpan.FromMinutes(1));
        var after = (await env.GetAsync<LoadBalancer>(name))!;
        var group = Assert.Single(await Elbv2.DescribeTargetGroupsByArnAsync([after.Status!.TargetGroupArn!], CancellationToken.None));
        Assert.Equal(9090, group.Port);
        Assert.NotEqual(AwsName(name), group.Name);
        Assert.Equal(before.Status.Arn, after.Status.Arn);
        var listener = Assert.Single(await Elbv2.DescribeListenersAsync(after.Status.Arn!, CancellationToken.None));
        Assert.Equal(group.Arn, Assert.Single(listener.DefaultActions).TargetGroupArn);
        Assert.Null(await FindGroupAsync(name));
        await Assert.ThrowsAsync<Gureum.Aws.Errors.AwsException>(() => Elbv2.DescribeTargetGroupsByArnAsync([oldArn], CancellationToken.None));
        Assert.Contains(await env.EventsOfAsync(name), e => e.Message.Contains("replaced target group", StringComparison.Ordinal));

        // Deleting the object deletes the replacement too.
        await env.DeleteAsync<LoadBalancer>(name);
        await Eventually.True(async () => await env.GetAsync<LoadBalancer>(name) is null, "the object is gone", TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<Gureum.Aws.Errors.AwsException>(() => Elbv2.DescribeTargetGroupsByArnAsync([group.Arn], CancellationToken.None));
    }

    [Fact]
    public async Task A_replacement_interrupted_after_its_new_target_group_was_made_uses_that_group_and_makes_no_second()
    {
        var name = env.UniqueName("resume");
        await env.CreateAsync(TestObjects.LoadBalancer(name).Build());
        var before = await WaitReadyAsync(name);
        // What a pass that crashed right after creating the replacement left behind: the new group, tagged as ours.
        var replacementName = ElbNames.Replacement(ControllerFixture.Namespace, name, "HTTP:9090:instance");
        var made = await Elbv2.CreateTargetGroupAsync(new CreateTargetGroupRequest(replacementName)
        {
            Protocol = "HTTP", Port = 9090, VpcId = EmulatorNetwork.DefaultVpc, TargetType = "instance",
            Tags = [new Elbv2Tag(TagKeys.Cluster, ControllerFixture.ClusterId), new Elbv2Tag(TagKeys.Owner, $"{ControllerFixture.Namespace}/LoadBalancer/{name}")],
        }, CancellationToken.None);

        await env.PatchAsync<LoadBalancer>(name, AllowingReplacement("""{"targetGroup":{"port":9090}}"""));

        await Eventually.True(async () => (await env.GetAsync<LoadBalancer>(name))?.Status?.TargetGroupArn == made.Arn,
            "status names the group the interrupted pass made", TimeSpan.FromMinutes(1));
        var listener = Assert.Single(await Elbv2.DescribeListenersAsync(before.Status!.Arn!, CancellationToken.None));
        Assert.Equal(made.Arn, Assert.Single(listener.DefaultActions).TargetGroupArn);
        Assert.Null(await FindGroupAsync(name));
        Assert.Single(await Elbv2.FindTargetGroupsByNameAsync([AwsName(name), replacementName], CancellationToken.None));
    }

    private async Task<IReadOnlyList<Elbv2LoadBalancer>> AllLoadBalancersOfAsync(string name) =>
        await Elbv2.FindLoadBalancersByNameAsync([.. ElbNames.LoadBalancerNames(ControllerFixture.Namespace, name)], CancellationToken.None);

    [Fact]
    public async Task With_allow_replacement_a_scheme_change_replaces_the_load_balancer_and_deletion_then_leaves_nothing()
    {
        var name = env.UniqueName("lbreplace");
        await env.CreateAsync(TestObjects.LoadBalancer(name).Build());
        var before = await WaitReadyAsync(name);
        var oldArn = before.Status!.Arn!;

        await env.PatchAsync<LoadBalancer>(name, AllowingReplacement("""{"scheme":"internal"}"""));

        await Eventually.True(async () => await env.GetAsync<LoadBalancer>(name) is { } lb && lb.Status?.Arn is { } arn && arn != oldArn
            && ControllerFixture.ConditionOf(lb, ConditionTypes.Ready)?.Status == ConditionStatus.True
            && (await AllLoadBalancersOfAsync(name)).Count == 1,
            "status names the new load balancer, the old one is gone and the object is Ready", TimeSpan.FromMinutes(2));
        var after = (await env.GetAsync<LoadBalancer>(name))!;
        var replacement = Assert.Single(await AllLoadBalancersOfAsync(name));
        Assert.Equal(after.Status!.Arn, replacement.Arn);
        Assert.Equal(Elbv2Values.Internal, replacement.Scheme);
        Assert.Equal(ElbNames.Replacement(ControllerFixture.Namespace, name, "application:internal"), replacement.Name);
        Assert.Equal(replacement.DnsName, after.Status.DnsName);
        Assert.NotEqual(before.Status.DnsName, after.Status.DnsName);
        Assert.Equal(replacement.CanonicalHostedZoneId, after.Status.CanonicalHostedZoneId);
        Assert.Null(await FindAsync(name));
        await Assert.ThrowsAsync<Gureum.Aws.Errors.AwsException>(() => Elbv2.DescribeListenersAsync(oldArn, CancellationToken.None));
        var listener = Assert.Single(await Elbv2.DescribeListenersAsync(replacement.Arn, CancellationToken.None));
        Assert.Equal([listener.Arn], after.Status.ListenerArns);
        Assert.Equal(after.Status.TargetGroupArn, Assert.Single(listener.DefaultActions).TargetGroupArn);
        // ELBv2 lets a target group serve one load balancer: the replacement has a new one, and the old one is gone.
        Assert.NotEqual(before.Status.TargetGroupArn, after.Status.TargetGroupArn);
        await Assert.ThrowsAsync<Gureum.Aws.Errors.AwsException>(() => Elbv2.DescribeTargetGroupsByArnAsync([before.Status.TargetGroupArn!], CancellationToken.None));
        Assert.Contains(await env.EventsOfAsync(name), e => e.Message.Contains("replaced load balancer", StringComparison.Ordinal));

        // Deleting the object deletes the replacement and the target group.
        await env.DeleteAsync<LoadBalancer>(name);
        await Eventually.True(async () => await env.GetAsync<LoadBalancer>(name) is null, "the object is gone", TimeSpan.FromMinutes(1));
        Assert.Empty(await AllLoadBalancersOfAsync(name));
        Assert.Null(await FindGroupAsync(name));
    }

    [Fact]
    public async Task A_load_balancer_an_interrupted_replacement_left_behind_is_deleted_and_one_not_ours_is_left_alone()
    {
        var name = env.UniqueName("leftover");
        await env.CreateAsync(TestObjects.LoadBalancer(name).Build());
        var current = await WaitReadyAsync(name);
        // What a replacement that moved status and crashed before deleting the old one leaves: a load balancer
        // under another of this object's names, tagged as ours; and one under a third name that someone else tags.
        Task<Elbv2LoadBalancer> MakeAsync(string variant, string cluster) => Elbv2.CreateLoadBalancerAsync(
            new CreateLoadBalancerRequest(ElbNames.Replacement(ControllerFixture.Namespace, name, variant), [EmulatorNetwork.SubnetA, EmulatorNetwork.SubnetB])
            {
                Type = "application", Scheme = variant.EndsWith(":internal", StringComparison.Ordinal) ? "internal" : "internet-facing",
                Tags = [new Elbv2Tag(TagKeys.Cluster, cluster), new Elbv2Tag(TagKeys.Owner, $"{ControllerFixture.Namespace}/LoadBalancer/{name}")],
            }, CancellationToken.None);
        var ours = await MakeAsync("application:internal", ControllerFixture.ClusterId);
        var theirs = await MakeAsync("network:internal", "another-cluster");

        // The next full read (a requested reconcile is one) finds every name this object's load balancer may have.
        await env.PatchAsync<LoadBalancer>(name, "{\"metadata\":{\"annotations\":{\"" + Annotations.ReconcileRequestedAt + "\":\"2026-11-28T00:00:00Z\"}}}");

        await Eventually.True(async () => !(await AllLoadBalancersOfAsync(name)).Any(lb => lb.Arn == ours.Arn),
            "the leftover of ours is deleted", TimeSpan.FromMinutes(1));
        var left = await AllLoadBalancersOfAsync(name);
        Assert.Contains(left, lb => lb.Arn == theirs.Arn);
        Assert.Contains(left, lb => lb.Arn == current.Status!.Arn);
        var after = await WaitReadyAsync(name);
        Assert.Equal(current.Status!.Arn, after.Status!.Arn);
    }

    [Fact]
    public async Task Deletion_leaves_nothing_and_deletion_protection_holds_it_until_turned_off()
    {
        var name = env.UniqueName("gone");
        await env.CreateAsync(TestObjects.LoadBalancer(name).WithSpec(spec => spec with { DeletionProtection = true }).Build());
        await WaitReadyAsync(name);

        await env.DeleteAsync<LoadBalancer>(name);
        await Eventually.True(async () => (await env.EventsOfAsync(name)).Any(e => e.Message.Contains("deletion protection", StringComparison.Ordinal)),
            "deletion is refused with a clear message");
        Assert.NotNull(await FindAsync(name));

        await env.PatchAsync<LoadBalancer>(name, """{"spec":{"deletionProtection":false}}""");
        await Eventually.True(async () => await env.GetAsync<LoadBalancer>(name) is null, "the object is gone", TimeSpan.FromMinutes(3));
        Assert.Null(await FindAsync(name));
        Assert.Null(await FindGroupAsync(name));
    }

    [Fact]
    public async Task The_test_network_is_the_emulators_default_network()
    {
        var subnets = await env.Aws.Ec2Network.DescribeDefaultSubnetsAsync(CancellationToken.None);

        Assert.Contains(subnets, s => s.SubnetId == EmulatorNetwork.SubnetA && s.AvailabilityZone == "us-east-1a" && s.VpcId == EmulatorNetwork.DefaultVpc);
        Assert.Contains(subnets, s => s.SubnetId == EmulatorNetwork.SubnetB && s.AvailabilityZone == "us-east-1b");
        Assert.Empty(await env.Aws.Ec2Network.FindMissingAsync(Gureum.Aws.Ec2.Ec2ResourceKind.SecurityGroup, [EmulatorNetwork.DefaultSecurityGroup], CancellationToken.None));
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_before_any_ELBv2_write()
    {
        var name = env.UniqueName("bad");
        await env.CreateAsync(TestObjects.LoadBalancer(name).WithListener(443, LoadBalancerProtocol.HTTPS).Build());

        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);

        Assert.Contains("spec.listeners[1].certificateArn", ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message, StringComparison.Ordinal);
        Assert.Null(stalled.Status!.LastSyncedTime);
        Assert.Null(await FindAsync(name));
    }
}
