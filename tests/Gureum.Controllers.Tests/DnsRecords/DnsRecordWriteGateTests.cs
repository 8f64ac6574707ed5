using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;
using Gureum.Controllers.Tests.Support;
using Gureum.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

/// <summary>Tests that count Route53 writes; resync is slow here so other objects stay quiet. Tests of a class run one at a time.</summary>
public sealed class DnsRecordWriteGateTests(QuietDnsControllerFixture env) : IClassFixture<QuietDnsControllerFixture>
{
    private long Writes => env.Emulator.Stats.Requests("route53", "ChangeResourceRecordSets");

    [Fact]
    public async Task A_paused_record_writes_nothing()
    {
        var name = env.UniqueName("paused");
        var before = Writes;
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.80").Paused().Build());

        var waiting = await env.WaitForAsync(name, "Ready", ConditionStatus.False, ConditionReasons.Paused);
        Assert.Equal(env.ZoneId, waiting.Status!.HostedZoneId);
        Assert.Equal(before, Writes);
        Assert.Null(await env.FindAsync($"{name}.example.com.", "A"));

        await env.PatchAsync(name, """{"metadata":{"annotations":{"gureum.dev/paused":null}}}""");
        await env.WaitReadyAsync(name);
        Assert.Equal(["192.0.2.80"], (await env.FindAsync($"{name}.example.com.", "A"))!.Values);
    }

    [Fact]
    public async Task ObserveOnly_reports_drift_of_an_existing_record_and_writes_nothing()
    {
        var name = env.UniqueName("observe");
        var fqdn = $"{name}.example.com.";
        await env.ChangeOutOfBandAsync(new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(fqdn, "A", 300, "203.0.113.9")));
        var before = Writes;
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.90").ObserveOnly().Build());

        var drifted = await env.WaitForAsync(name, "Drifted", ConditionStatus.True);
        Assert.Contains(drifted.Status!.Drift!, d => d.Path == "spec.values" && d.Actual == "203.0.113.9");
        Assert.Equal(before, Writes);

        await env.DeleteAsync(name);
        await Eventually.True(async () => await env.GetAsync(name) is null, "the object is gone");
        Assert.Equal(before, Writes);
        Assert.Equal(["203.0.113.9"], (await env.FindAsync(fqdn, "A"))!.Values);
    }

    [Fact]
    public async Task An_invalid_spec_is_Stalled_naming_the_field_with_no_AWS_write()
    {
        var name = env.UniqueName("invalid");
        var before = Writes;
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.1", "not-an-address").Build());

        var stalled = await env.WaitForAsync(name, "Stalled", ConditionStatus.True, ConditionReasons.InvalidSpec);
        Assert.Contains("spec.values[1]", DnsControllerFixture.ConditionOf(stalled, "Stalled")!.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.False, DnsControllerFixture.ConditionOf(stalled, "Ready")!.Status);
        Assert.Equal(before, Writes);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == ConditionReasons.InvalidSpec);
    }

    [Fact]
    public async Task Changes_for_many_records_of_one_zone_are_coalesced()
    {
        const int count = 30;
        var names = Enumerable.Range(0, count).Select(_ => env.UniqueName("many")).ToList();
        var before = Writes;
        await Task.WhenAll(names.Select((name, i) => env.CreateAsync(TestObjects.DnsRecord(name).WithValues($"192.0.2.{i + 1}").Build())));

        foreach (var name in names)
            await env.WaitReadyAsync(name);
        var writes = Writes - before;
        Assert.InRange(writes, 1, count / 2);
        var sets = await env.RecordSetsAsync();
        Assert.All(names, name => Assert.Single(sets, s => s.Name == $"{name}.example.com." && s.Type == "A"));
    }
}
