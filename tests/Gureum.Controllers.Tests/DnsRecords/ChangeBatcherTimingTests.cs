using Gureum.Aws.Route53;
using Gureum.Controllers.DnsRecords;
using Gureum.Controllers.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

/// <summary>When the batcher sends (its adaptive window), on a fake clock and a scripted Route53.</summary>
public sealed class ChangeBatcherTimingTests
{
    private static readonly BatchTiming Timing = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    private readonly ScriptedRoute53 _route53 = new();
    private readonly FakeTimeProvider _time = new();

    private ChangeBatcher NewBatcher() =>
        new(_route53, new ZoneRecords(_route53, "Z1", _time, TimeSpan.FromSeconds(15)), _time, Timing);

    private static ChangeGroup Group(int i) =>
        new([new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple($"r{i}.example.com.", "A", 300, "192.0.2.1"))]);

    /// <summary>Waits (without a time limit asserted) for work the scripted Route53's answers set going.</summary>
    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
            await Task.Delay(1, giveUp.Token);
    }

    [Theory]
    [InlineData(0, 0, 0, 200)]         // one submission: the quiet time
    [InlineData(0, 150, 150, 200)]     // a later one pushes the quiet time on
    [InlineData(0, 4900, 4900, 100)]   // ...but never past the hold
    [InlineData(0, 5900, 6000, -1000)] // held past the hold: send now
    [InlineData(0, 300, 600, -100)]    // quiet for longer than the quiet time: send now
    public void The_wait_is_the_quiet_time_after_the_last_submission_capped_by_the_hold(int firstMs, int lastMs, int nowMs, int expectedMs)
    {
        var start = DateTimeOffset.UnixEpoch;
        var wait = Timing.WaitFor(start.AddMilliseconds(firstMs), start.AddMilliseconds(lastMs), start.AddMilliseconds(nowMs));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), wait);
    }

    [Fact]
    public void A_hold_shorter_than_the_quiet_time_does_not_cut_the_quiet_time_short()
    {
        var start = DateTimeOffset.UnixEpoch;
        Assert.Equal(TimeSpan.FromMilliseconds(200), new BatchTiming(TimeSpan.FromMilliseconds(200), TimeSpan.Zero).WaitFor(start, start, start));
    }

    [Fact]
    public async Task One_submission_alone_goes_after_the_quiet_time()
    {
        var batcher = NewBatcher();
        var submitted = batcher.SubmitAsync(Group(0), CancellationToken.None);

        _time.Advance(Timing.Quiet - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_route53.Batches);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(_route53.Batches);
        Assert.Equal("C1", (await submitted)!.Id);
    }

    [Fact]
    public async Task Submissions_that_keep_coming_are_held_together_until_the_hold_ends()
    {
        var batcher = NewBatcher();
        var submitted = new List<Task<ChangeInfo?>>();
        // One every 100 ms (less than the quiet time) for 6 s: the batch goes at 5 s, the rest after it.
        for (var i = 0; i < 60; i++)
        {
            submitted.Add(batcher.SubmitAsync(Group(i), CancellationToken.None));
            _time.Advance(TimeSpan.FromMilliseconds(100));
            if (i < 49)
                Assert.Empty(_route53.Batches);
        }
        Assert.Equal(50, Assert.Single(_route53.Batches).Count);

        _time.Advance(Timing.Quiet);
        Assert.Equal(2, _route53.Batches.Count);
        Assert.Equal(10, _route53.Batches[1].Count);
        Assert.Equal(2, (await Task.WhenAll(submitted)).Select(info => info!.Id).Distinct().Count());
    }

    [Fact]
    public async Task While_a_batch_is_unanswered_the_next_collects_and_goes_once_it_is_answered()
    {
        var batcher = NewBatcher();
        _route53.HoldChanges();
        var first = batcher.SubmitAsync(Group(0), CancellationToken.None);
        _time.Advance(Timing.Quiet);
        Assert.Single(_route53.Batches);

        // Route53 is slow (throttled, say): later records collect, past their quiet time and the hold.
        var later = Enumerable.Range(1, 30).Select(i => batcher.SubmitAsync(Group(i), CancellationToken.None)).ToList();
        _time.Advance(Timing.MaxHold * 2);
        Assert.Single(_route53.Batches);
        Assert.Equal(30, batcher.Waiting);

        _route53.ReleaseChanges();
        await first;
        await EventuallyAsync(() => _route53.Batches.Count == 2);
        Assert.Equal(30, _route53.Batches[1].Count);
        Assert.Equal("C2", (await later[^1])!.Id);
    }

    [Fact]
    public async Task A_full_batch_goes_at_once()
    {
        var batcher = NewBatcher();
        // 500 groups of 2 ResourceRecord elements (an UPSERT counts twice): Route53's 1,000.
        var upserts = Enumerable.Range(0, 500).Select(i => batcher.SubmitAsync(
            new ChangeGroup([new RecordChange(ChangeAction.Upsert, ResourceRecordSet.Simple($"u{i}.example.com.", "A", 300, "192.0.2.1"))]),
            CancellationToken.None)).ToList();

        Assert.Equal(500, Assert.Single(_route53.Batches).Count);
        Assert.Equal(0, batcher.Waiting);
        await Task.WhenAll(upserts);
    }
}
