using Gureum.Aws.Route53;
using Gureum.Controllers.DnsRecords;
using Gureum.Controllers.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class ChangeTrackerTests
{
    private static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(1);
    private readonly ScriptedRoute53 _route53 = new();
    private readonly FakeTimeProvider _time = new();

    private ChangeTracker NewTracker() => new(_route53, _time, ReuseFor);

    [Fact]
    public async Task Concurrent_askers_of_one_change_share_one_GetChange()
    {
        var tracker = NewTracker();
        var asking = Enumerable.Range(0, 10).Select(_ => tracker.StatusAsync("C1", CancellationToken.None)).ToList();
        _route53.AnswerChange(ChangeStatus.Pending);

        Assert.All(await Task.WhenAll(asking), status => Assert.Equal(ChangeStatus.Pending, status));
        Assert.Equal(1, _route53.GetChangeCalls);
    }

    [Fact]
    public async Task A_pending_answer_is_reused_for_a_moment_then_asked_again()
    {
        var tracker = NewTracker();
        _route53.AnswerChange(ChangeStatus.Pending);
        await tracker.StatusAsync("C1", CancellationToken.None);

        _time.Advance(ReuseFor / 2);
        Assert.Equal(ChangeStatus.Pending, await tracker.StatusAsync("C1", CancellationToken.None));
        Assert.Equal(1, _route53.GetChangeCalls);

        _time.Advance(ReuseFor);
        await tracker.StatusAsync("C1", CancellationToken.None);
        Assert.Equal(2, _route53.GetChangeCalls);
    }

    [Fact]
    public async Task An_insync_answer_is_final()
    {
        var tracker = NewTracker();
        _route53.AnswerChange(ChangeStatus.InSync);
        await tracker.StatusAsync("C1", CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ChangeStatus.InSync, await tracker.StatusAsync("C1", CancellationToken.None));
        Assert.Equal(1, _route53.GetChangeCalls);
    }

    [Fact]
    public async Task The_submission_answer_counts_as_the_first_poll()
    {
        var tracker = NewTracker();
        tracker.Remember(new ChangeInfo("C1", ChangeStatus.Pending, _time.GetUtcNow(), null));
        _route53.AnswerChange(ChangeStatus.InSync);

        Assert.Equal(ChangeStatus.Pending, await tracker.StatusAsync("C1", CancellationToken.None));
        Assert.Equal(0, _route53.GetChangeCalls);

        _time.Advance(ReuseFor);
        Assert.Equal(ChangeStatus.InSync, await tracker.StatusAsync("C1", CancellationToken.None));
        Assert.Equal(1, _route53.GetChangeCalls);
    }

    [Fact]
    public async Task A_shared_poll_outlives_a_cancelled_asker()
    {
        var tracker = NewTracker();
        using var cancelled = new CancellationTokenSource();
        var asking = tracker.StatusAsync("C1", cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking);

        // The shared poll outlives its first asker and its answer serves the next one.
        _route53.AnswerChange(ChangeStatus.InSync);
        Assert.Equal(ChangeStatus.InSync, await tracker.StatusAsync("C1", CancellationToken.None));
        Assert.Equal(1, _route53.GetChangeCalls);
    }
}
