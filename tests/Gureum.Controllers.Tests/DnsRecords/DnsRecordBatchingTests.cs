using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;
using Gureum.Controllers;
using Gureum.Controllers.Tests.Support;
using Gureum.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

/// <summary>One worker only: a pass that waited for its batch would send one record per batch.</summary>
public sealed class OneWorkerDnsControllerFixture : DnsControllerFixture
{
    protected override GureumControllerOptions ControllerOptions() => base.ControllerOptions() with
    {
        DriftInterval = TimeSpan.FromMinutes(10),
        Workers = 1,
        BatchWindow = TimeSpan.FromMilliseconds(500),
    };
}

public sealed class DnsRecordBatchingTests(OneWorkerDnsControllerFixture env) : IClassFixture<OneWorkerDnsControllerFixture>
{
    [Fact]
    public async Task Records_share_batches_and_change_polls_even_with_one_worker()
    {
        const int count = 20;
        var names = Enumerable.Range(0, count).Select(_ => env.UniqueName("shared")).ToList();
        var writes = env.Emulator.Stats.Requests("route53", "ChangeResourceRecordSets");
        await Task.WhenAll(names.Select((name, i) => env.CreateAsync(
            TestObjects.DnsRecord(name).OfType(DnsRecordType.A).WithValues($"192.0.2.{i + 1}").Build())));

        var ready = new List<DnsRecord>();
        foreach (var name in names)
            ready.Add(await env.WaitReadyAsync(name, TimeSpan.FromSeconds(60)));

        var batches = env.Emulator.Stats.Requests("route53", "ChangeResourceRecordSets") - writes;
        Assert.True(batches <= count / 2, $"{batches} ChangeResourceRecordSets calls for {count} records");
        Assert.All(ready, record => Assert.Equal("INSYNC", record.Status!.ChangeStatus));
        // The pass that collected the batch's answer reports the write with its change id.
        Assert.Contains(await env.EventsOfAsync(names[0]), e => e.Reason == "Created" && e.Message.Contains(ready[0].Status!.ChangeId!, StringComparison.Ordinal));

        writes = env.Emulator.Stats.Requests("route53", "ChangeResourceRecordSets");
        await Task.WhenAll(names.Select(env.DeleteAsync));
        foreach (var name in names)
            await Eventually.True(async () => await env.GetAsync(name) is null, $"{name} is gone");

        batches = env.Emulator.Stats.Requests("route53", "ChangeResourceRecordSets") - writes;
        Assert.True(batches <= count / 2, $"{batches} ChangeResourceRecordSets calls to delete {count} records");
        var sets = await env.RecordSetsAsync();
        Assert.DoesNotContain(sets, set => names.Any(name => set.Name.Contains(name + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_new_object_planned_on_an_old_listing_does_not_take_a_record_made_out_of_band_since()
    {
        // The zone is listed (by this record's passes); no resync here, so the listing only ages.
        var first = env.UniqueName("listed");
        await env.CreateAsync(TestObjects.DnsRecord(first).WithValues("192.0.2.80").Build());
        await env.WaitReadyAsync(first, TimeSpan.FromSeconds(60));
        var name = env.UniqueName("since");
        var fqdn = $"{name}.example.com.";
        await env.ChangeOutOfBandAsync(new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(fqdn, "A", 300, "203.0.113.9")));

        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.81").Build());

        await env.WaitForAsync(name, "Stalled", ConditionStatus.True, ConditionReasons.NotOwned);
        Assert.Equal(["203.0.113.9"], (await env.FindAsync(fqdn, "A"))!.Values);
        Assert.Null(await env.FindAsync($"gureum-a-{name}.example.com.", "TXT"));
        Assert.Equal(["192.0.2.80"], (await env.FindAsync($"{first}.example.com.", "A"))!.Values);
    }
}
