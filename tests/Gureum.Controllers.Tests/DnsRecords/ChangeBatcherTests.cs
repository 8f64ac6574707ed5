using Gureum.Aws.Errors;
using Gureum.Aws.Route53;
using Gureum.Controllers.DnsRecords;
using Gureum.Controllers.Tests.Support;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

/// <summary>The batcher against the emulator's Route53 (no controller involved).</summary>
public sealed class ChangeBatcherTests(QuietDnsControllerFixture env) : IClassFixture<QuietDnsControllerFixture>
{
    private (ZoneRecords Records, ChangeBatcher Batcher) NewBatcher()
    {
        var records = new ZoneRecords(env.Route53, env.ZoneId, TimeProvider.System, TimeSpan.FromSeconds(1));
        return (records, new ChangeBatcher(env.Route53, records, TimeProvider.System, new BatchTiming(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5))));
    }

    private static ChangeGroup Create(string fqdn, string value) =>
        new([new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(fqdn, "A", 300, value))]);

    [Theory]
    [InlineData("InvalidChangeBatch", 400, true)]
    [InlineData("InvalidInput", 400, true)]
    [InlineData("NoSuchHostedZone", 404, false)]
    [InlineData("Throttling", 400, false)]
    [InlineData("AccessDenied", 403, false)]
    public void Only_a_rejected_batch_is_split_to_find_the_change_at_fault(string code, int status, bool rejected) =>
        Assert.Equal(rejected, ChangeBatcher.IsRejectedBatch(AwsException.Create(code, "m", null, (System.Net.HttpStatusCode)status)));

    [Fact]
    public async Task Submissions_within_the_window_share_one_call_and_one_change_id()
    {
        var (_, batcher) = NewBatcher();
        var prefix = env.UniqueName("window");
        var before = env.Emulator.Stats.Requests("route53", "ChangeResourceRecordSets");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            batcher.SubmitAsync(Create($"{prefix}-{i}.example.com.", $"192.0.2.{i + 1}"), CancellationToken.None)));

        Assert.Equal(1, env.Emulator.Stats.Requests("route53", "ChangeResourceRecordSets") - before);
        Assert.Single(results.Select(r => r!.Id).Distinct());
    }

    [Fact]
    public async Task One_bad_change_fails_only_its_submitter()
    {
        var (_, batcher) = NewBatcher();
        var prefix = env.UniqueName("reject");
        var taken = $"{prefix}-taken.example.com.";
        await env.ChangeOutOfBandAsync(new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(taken, "A", 300, "203.0.113.5")));

        var good = Enumerable.Range(0, 5)
            .Select(i => batcher.SubmitAsync(Create($"{prefix}-{i}.example.com.", $"192.0.2.{i + 1}"), CancellationToken.None))
            .ToList();
        var bad = batcher.SubmitAsync(Create(taken, "192.0.2.99"), CancellationToken.None);

        // Planned on a listing from before the out-of-band create: a retry after a fresh look, not a terminal error.
        var stale = await Assert.ThrowsAsync<StaleZoneViewException>(() => bad);
        var rejected = Assert.IsType<AwsException>(stale.InnerException);
        Assert.True(ChangeBatcher.IsRejectedBatch(rejected), rejected.Message);
        foreach (var submission in good)
            Assert.NotNull(await submission);
        var sets = await env.RecordSetsAsync();
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains(sets, s => s.Name == $"{prefix}-{i}.example.com."));
        Assert.Equal(["203.0.113.5"], Assert.Single(sets, s => s.Name == taken).Values);
    }

    [Fact]
    public async Task A_change_found_already_applied_succeeds_without_a_change_id()
    {
        var (_, batcher) = NewBatcher();
        var fqdn = $"{env.UniqueName("applied")}.example.com.";
        // As after a lost response: the CREATE landed, the retry is rejected because the set exists.
        await env.ChangeOutOfBandAsync(new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(fqdn, "A", 300, "192.0.2.7")));

        var result = await batcher.SubmitAsync(Create(fqdn, "192.0.2.7"), CancellationToken.None);

        Assert.Null(result);
    }
}
