using System.Diagnostics;
using k8s;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;
using Gureum.Controllers.Tests.Support;
using Gureum.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class DnsRecordControllerTests(DnsControllerFixture env) : IClassFixture<DnsControllerFixture>
{
    private static string Mark(string name) => OwnershipValue($"default/DnsRecord/{name}");

    private static string OwnershipValue(string owner, string cluster = DnsControllerFixture.ClusterId) =>
        $"\"heritage=gureum,gureum.dev/cluster={cluster},gureum.dev/owner={owner}\"";

    [Fact]
    public async Task Records_of_every_type_become_Ready_and_exist_with_their_ownership_TXT()
    {
        var a = env.UniqueName("a");
        var aaaa = env.UniqueName("aaaa");
        var cname = env.UniqueName("cname");
        var txt = env.UniqueName("txt");
        var mx = env.UniqueName("mx");
        var alias = env.UniqueName("alias");
        var blue = env.UniqueName("blue");
        var green = env.UniqueName("green");
        var records = new[]
        {
            TestObjects.DnsRecord(a).WithValues("192.0.2.10", "192.0.2.11").WithTtl(60).Build(),
            TestObjects.DnsRecord(aaaa).OfType(DnsRecordType.AAAA).WithValues("2001:db8::10").Build(),
            TestObjects.DnsRecord(cname).OfType(DnsRecordType.CNAME).WithValues("target.example.org").Build(),
            TestObjects.DnsRecord(txt).OfType(DnsRecordType.TXT).WithValues("\"v=spf1 -all\"").Build(),
            TestObjects.DnsRecord(mx).OfType(DnsRecordType.MX).WithValues("10 mail.example.com", "20 mail2.example.com").Build(),
            TestObjects.DnsRecord(alias).AliasTo("lb-123.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K").Build(),
            TestObjects.DnsRecord(blue).WithSpec(s => s with { Name = "weighted-" + blue }).WithValues("192.0.2.21").Weighted("blue", 90).Build(),
            TestObjects.DnsRecord(green).WithSpec(s => s with { Name = "weighted-" + blue }).WithValues("192.0.2.22").Weighted("green", 10).Build(),
        };
        foreach (var record in records)
            await env.CreateAsync(record);
        foreach (var record in records)
        {
            var ready = await env.WaitReadyAsync(record.Metadata.Name);
            Assert.Equal(env.ZoneId, ready.Status!.HostedZoneId);
            Assert.Equal("INSYNC", ready.Status.ChangeStatus);
            Assert.NotNull(ready.Status.ChangeId);
            Assert.Contains(GureumApi.Finalizer, ready.Metadata.Finalizers!);
        }

        var sets = await env.RecordSetsAsync();
        ResourceRecordSet Find(string name, string type, string? id = null) =>
            Assert.Single(sets, s => s.Name == name + ".example.com." && s.Type == type && s.SetIdentifier == id);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], Find(a, "A").Values.Order());
        Assert.Equal(60, Find(a, "A").Ttl);
        Assert.Equal([Mark(a)], Find("gureum-a-" + a, "TXT").Values);
        Assert.Single(Find(aaaa, "AAAA").Values);
        Assert.Equal([Mark(aaaa)], Find("gureum-aaaa-" + aaaa, "TXT").Values);
        Assert.Equal([Mark(cname)], Find("gureum-cname-" + cname, "TXT").Values);
        Assert.Equal(["\"v=spf1 -all\""], Find(txt, "TXT").Values);
        Assert.Equal(2, Find(mx, "MX").Values.Count);
        Assert.Equal("lb-123.us-east-1.elb.amazonaws.com.", Find(alias, "A").Alias!.DnsName);
        Assert.Equal([Mark(alias)], Find("gureum-a-" + alias, "TXT").Values);
        Assert.Equal(90, Find("weighted-" + blue, "A", "blue").Weight);
        Assert.Equal(10, Find("weighted-" + blue, "A", "green").Weight);
        Assert.Equal([Mark(green)], Find("gureum-a-weighted-" + blue, "TXT", "green").Values);
        Assert.Equal($"{a}.example.com.", (await env.GetAsync(a))!.Status!.Fqdn);
    }

    [Fact]
    public async Task A_zone_given_by_id_works_like_one_given_by_name()
    {
        var name = env.UniqueName("byid");
        await env.CreateAsync(TestObjects.DnsRecord(name).InZoneId(env.ZoneId).WithValues("192.0.2.33").Build());

        var ready = await env.WaitReadyAsync(name);

        Assert.Equal($"{name}.example.com.", ready.Status!.Fqdn);
        Assert.Equal(["192.0.2.33"], (await env.FindAsync($"{name}.example.com.", "A"))!.Values);
    }

    [Fact]
    public async Task Apex_and_wildcard_records_get_their_marks()
    {
        var apex = env.UniqueName("apex");
        var wildcard = env.UniqueName("wild");
        await env.CreateAsync(TestObjects.DnsRecord(apex).WithSpec(s => s with { Name = "@" }).OfType(DnsRecordType.MX).WithValues("10 mx.example.net").Build());
        await env.CreateAsync(TestObjects.DnsRecord(wildcard).WithSpec(s => s with { Name = $"*.{wildcard}" }).WithValues("192.0.2.35").Build());

        Assert.Equal("example.com.", (await env.WaitReadyAsync(apex)).Status!.Fqdn);
        Assert.Equal($"*.{wildcard}.example.com.", (await env.WaitReadyAsync(wildcard)).Status!.Fqdn);

        Assert.Equal([Mark(apex)], (await env.FindAsync("gureum-mx.example.com.", "TXT"))!.Values);
        Assert.Equal([Mark(wildcard)], (await env.FindAsync($"*.gureum-a-{wildcard}.example.com.", "TXT"))!.Values);
        Assert.Equal(["192.0.2.35"], (await env.FindAsync($"*.{wildcard}.example.com.", "A"))!.Values);
    }

    [Fact]
    public async Task A_missing_zone_is_reported_NotFound()
    {
        var name = env.UniqueName("nozone");
        await env.CreateAsync(TestObjects.DnsRecord(name).InZone("missing.example").WithValues("192.0.2.34").Build());

        var waiting = await env.WaitForAsync(name, "Reconciling", ConditionStatus.True, ConditionReasons.NotFound);

        Assert.Contains("missing.example", DnsControllerFixture.ConditionOf(waiting, "Reconciling")!.Message, StringComparison.Ordinal);
        // An expected condition is one log line with its reason, and no exception (no stack trace).
        var logged = await Eventually.Value(() => Task.FromResult(env.Logs.Lines.Where(line => line.Contains(name, StringComparison.Ordinal)).ToList()),
            lines => lines.Count > 0, "the retry is logged");
        Assert.All(logged, line => Assert.Contains("no hosted zone named missing.example", line, StringComparison.Ordinal));
        Assert.All(logged, line => Assert.DoesNotContain("Exception", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_out_of_band_change_is_corrected_under_Correct()
    {
        var name = env.UniqueName("drift");
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.30").Build());
        await env.WaitReadyAsync(name);
        var fqdn = $"{name}.example.com.";

        await env.ChangeOutOfBandAsync(new RecordChange(ChangeAction.Upsert, ResourceRecordSet.Simple(fqdn, "A", 300, "198.51.100.1")));

        await Eventually.True(async () => (await env.FindAsync(fqdn, "A"))?.Values is ["192.0.2.30"], "the value is restored");
        await Eventually.True(async () => (await env.EventsOfAsync(name)).Any(e => e.Reason == "DriftCorrected"), "a DriftCorrected Event");
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "DriftDetected" && e.Message.Contains("198.51.100.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pass_that_finds_nothing_new_writes_no_status_and_lastSyncedTime_still_advances_on_the_heartbeat()
    {
        var name = env.UniqueName("quiet");
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.41").Build());
        var ready = await env.WaitReadyAsync(name);

        // Drift interval 2 s, heartbeat 5 x 2 s: in any 6 s at most one status write, where every pass (about 3) wrote.
        var versions = new HashSet<string>(StringComparer.Ordinal);
        var watching = Stopwatch.StartNew();
        while (watching.Elapsed < TimeSpan.FromSeconds(6))
        {
            versions.Add((await env.GetAsync(name))!.Metadata.ResourceVersion);
            await Task.Delay(100);
        }
        Assert.InRange(versions.Count, 1, 2);

        await Eventually.True(async () => (await env.GetAsync(name))!.Status!.LastSyncedTime > ready.Status!.LastSyncedTime,
            "the heartbeat moves lastSyncedTime on");
    }

    [Fact]
    public async Task An_out_of_band_change_is_only_reported_under_Report_until_a_reconcile_is_requested()
    {
        var name = env.UniqueName("report");
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.40").ReportingDrift().Build());
        await env.WaitReadyAsync(name);
        var fqdn = $"{name}.example.com.";

        await env.ChangeOutOfBandAsync(new RecordChange(ChangeAction.Upsert, ResourceRecordSet.Simple(fqdn, "A", 120, "198.51.100.2")));

        var drifted = await env.WaitForAsync(name, "Drifted", ConditionStatus.True);
        Assert.Contains(drifted.Status!.Drift!, d => d.Path == "spec.values" && d.Desired == "192.0.2.40" && d.Actual == "198.51.100.2");
        Assert.Contains(drifted.Status!.Drift!, d => d.Path == "spec.ttl" && d.Desired == "300" && d.Actual == "120");
        Assert.NotNull(drifted.Status.Drift![0].DetectedAt);
        Assert.Equal(ConditionStatus.False, DnsControllerFixture.ConditionOf(drifted, "Ready")!.Status);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "DriftDetected");
        // A later pass (resync every 2 s here) still reports and still leaves Route53 alone.
        var lastSynced = drifted.Status.LastSyncedTime;
        await Eventually.True(async () => (await env.GetAsync(name))!.Status!.LastSyncedTime > lastSynced, "another pass ran");
        Assert.Equal(["198.51.100.2"], (await env.FindAsync(fqdn, "A"))!.Values);

        await env.PatchAsync(name, Annotate(Annotations.ReconcileRequestedAt, "now-1"));
        await Eventually.True(async () => (await env.FindAsync(fqdn, "A"))?.Values is ["192.0.2.40"], "the requested reconcile corrects it");
        var handled = await env.WaitReadyAsync(name);
        Assert.Equal("now-1", handled.Status!.LastHandledReconcileAt);
    }

    [Fact]
    public async Task Delete_removes_the_record_and_its_TXT()
    {
        var name = env.UniqueName("delete");
        await env.CreateAsync(TestObjects.DnsRecord(name).OfType(DnsRecordType.CNAME).WithValues("target.example.org").Build());
        await env.WaitReadyAsync(name);
        Assert.NotNull(await env.FindAsync($"gureum-cname-{name}.example.com.", "TXT"));

        await env.DeleteAsync(name);

        await Eventually.True(async () => await env.GetAsync(name) is null, "the object is gone");
        Assert.Null(await env.FindAsync($"{name}.example.com.", "CNAME"));
        Assert.Null(await env.FindAsync($"gureum-cname-{name}.example.com.", "TXT"));
    }

    [Fact]
    public async Task Retain_keeps_the_record_and_its_TXT()
    {
        var name = env.UniqueName("retain");
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.50").Retained().Build());
        await env.WaitReadyAsync(name);

        await env.DeleteAsync(name);

        await Eventually.True(async () => await env.GetAsync(name) is null, "the object is gone");
        Assert.Equal(["192.0.2.50"], (await env.FindAsync($"{name}.example.com.", "A"))!.Values);
        Assert.Equal([Mark(name)], (await env.FindAsync($"gureum-a-{name}.example.com.", "TXT"))!.Values);
    }

    [Fact]
    public async Task An_unowned_record_is_not_touched_until_adopted()
    {
        var name = env.UniqueName("adopt");
        var fqdn = $"{name}.example.com.";
        await env.ChangeOutOfBandAsync(new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(fqdn, "A", 300, "203.0.113.1")));
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.60").Build());

        var stalled = await env.WaitForAsync(name, "Stalled", ConditionStatus.True, ConditionReasons.NotOwned);
        Assert.Contains(Annotations.Adopt, DnsControllerFixture.ConditionOf(stalled, "Stalled")!.Message, StringComparison.Ordinal);
        Assert.Equal(["203.0.113.1"], (await env.FindAsync(fqdn, "A"))!.Values);
        Assert.Null(await env.FindAsync($"gureum-a-{name}.example.com.", "TXT"));

        await env.PatchAsync(name, Annotate(Annotations.Adopt, "true"));

        await env.WaitReadyAsync(name);
        Assert.Equal(["192.0.2.60"], (await env.FindAsync(fqdn, "A"))!.Values);
        Assert.Equal([Mark(name)], (await env.FindAsync($"gureum-a-{name}.example.com.", "TXT"))!.Values);
    }

    [Fact]
    public async Task A_record_owned_by_another_cluster_is_never_touched_even_when_adoption_is_asked()
    {
        var name = env.UniqueName("foreign");
        var fqdn = $"{name}.example.com.";
        var foreignMark = OwnershipValue($"default/DnsRecord/{name}", cluster: "other-cluster");
        await env.ChangeOutOfBandAsync(
            new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(fqdn, "A", 300, "203.0.113.2")),
            new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple($"gureum-a-{name}.example.com.", "TXT", 300, foreignMark)));
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.70").Adopting().Build());

        var stalled = await env.WaitForAsync(name, "Stalled", ConditionStatus.True, ConditionReasons.NotOwned);
        Assert.Contains("other-cluster", DnsControllerFixture.ConditionOf(stalled, "Stalled")!.Message, StringComparison.Ordinal);
        Assert.Equal(["203.0.113.2"], (await env.FindAsync(fqdn, "A"))!.Values);

        await env.DeleteAsync(name);
        await Eventually.True(async () => await env.GetAsync(name) is null, "the object is gone");
        Assert.Equal(["203.0.113.2"], (await env.FindAsync(fqdn, "A"))!.Values);
        Assert.Equal([foreignMark], (await env.FindAsync($"gureum-a-{name}.example.com.", "TXT"))!.Values);
    }

    [Fact]
    public async Task An_alias_to_a_LoadBalancer_waits_for_its_DNS_name_and_follows_it()
    {
        var name = env.UniqueName("lbalias");
        var balancer = env.UniqueName("web");
        await env.CreateAsync(TestObjects.DnsRecord(name).AliasTo(balancer).Build());
        var waiting = await env.WaitForAsync(name, "Ready", ConditionStatus.False, ConditionReasons.DependencyNotReady);
        Assert.Contains($"LoadBalancer {balancer}", DnsControllerFixture.ConditionOf(waiting, "Ready")!.Message, StringComparison.Ordinal);

        await env.CreateAsync<LoadBalancer>(TestObjects.LoadBalancer(balancer).Build());

        await env.WaitReadyAsync(name);
        var lb = (await env.GetAsync<LoadBalancer>(balancer))!.Status!;
        var alias = (await env.FindAsync($"{name}.example.com.", "A"))!.Alias!;
        Assert.Equal(lb.DnsName + ".", alias.DnsName);
        Assert.Equal(lb.CanonicalHostedZoneId, alias.HostedZoneId);
        Assert.Equal("Z35SXDOTRQ7X7K", alias.HostedZoneId);
    }

    [Fact]
    public async Task An_alias_to_a_LoadBalancer_follows_it_when_the_load_balancer_is_replaced()
    {
        var name = env.UniqueName("lbfollow");
        var balancer = env.UniqueName("moved");
        await env.CreateAsync<LoadBalancer>(TestObjects.LoadBalancer(balancer).Build());
        await env.CreateAsync(TestObjects.DnsRecord(name).AliasTo(balancer).Build());
        await env.WaitReadyAsync(name);
        var before = (await env.GetAsync<LoadBalancer>(balancer))!.Status!;
        Assert.Equal(before.DnsName + ".", (await env.FindAsync($"{name}.example.com.", "A"))!.Alias!.DnsName);

        await env.PatchAsync<LoadBalancer>(balancer,
            "{\"metadata\":{\"annotations\":{\"" + Annotations.AllowReplacement + "\":\"true\"}},\"spec\":{\"scheme\":\"internal\"}}");

        await Eventually.True(async () => (await env.GetAsync<LoadBalancer>(balancer))?.Status?.DnsName is { } dns && dns != before.DnsName
            && (await env.FindAsync($"{name}.example.com.", "A"))?.Alias?.DnsName == dns + ".",
            "the alias names the new load balancer's DNS name", TimeSpan.FromMinutes(2));
        var after = (await env.GetAsync<LoadBalancer>(balancer))!.Status!;
        Assert.Contains("internal-", after.DnsName!, StringComparison.Ordinal);
        Assert.Equal(after.CanonicalHostedZoneId, (await env.FindAsync($"{name}.example.com.", "A"))!.Alias!.HostedZoneId);
    }

    private static string Annotate(string key, string value) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["annotations"] = new System.Text.Json.Nodes.JsonObject { [key] = value } },
        }.ToJsonString();

    private static LoadBalancer Strip(LoadBalancer balancer)
    {
        balancer.Metadata.Uid = null;
        balancer.Metadata.Generation = null;
        balancer.Metadata.CreationTimestamp = null;
        return balancer;
    }
}
