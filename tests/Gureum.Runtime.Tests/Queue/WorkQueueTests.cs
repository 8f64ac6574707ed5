using Gureum.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Runtime.Tests.Queue;

public sealed class WorkQueueTests
{
    private static readonly QueueOptions NoJitter = new()
    {
        BackoffBase = TimeSpan.FromSeconds(1),
        BackoffCap = TimeSpan.FromSeconds(60),
        Jitter = 0,
        ThrottlePause = TimeSpan.FromSeconds(5),
    };

    private readonly FakeTimeProvider _time = new();

    private WorkQueue<string> Queue(QueueOptions? options = null, Random? random = null) =>
        new(options ?? NoJitter, _time, random);

    private static List<string> Drain(WorkQueue<string> queue)
    {
        var taken = new List<string>();
        while (queue.TryTake(out var key))
            taken.Add(key);
        return taken;
    }

    [Fact]
    public void A_key_added_twice_is_queued_once()
    {
        var queue = Queue();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Depth);
        Assert.Equal(["a", "b"], Drain(queue));
    }

    [Fact]
    public void Background_keys_wait_behind_every_other_ready_key()
    {
        var queue = Queue();
        queue.AddAfter("resync-1", TimeSpan.FromSeconds(1), background: true);
        queue.AddAfter("resync-2", TimeSpan.Zero, background: true);
        queue.AddAfter("poll", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        queue.Add("new");

        Assert.Equal(4, queue.Depth);
        Assert.Equal(["poll", "new", "resync-2", "resync-1"], Drain(queue));
    }

    [Fact]
    public void A_background_key_added_in_the_foreground_moves_to_the_front_once()
    {
        var queue = Queue();
        queue.AddAfter("a", TimeSpan.Zero, background: true);
        queue.AddAfter("b", TimeSpan.Zero, background: true);
        queue.Add("b");
        queue.AddAfter("b", TimeSpan.Zero, background: true);

        Assert.Equal(2, queue.Depth);
        Assert.Equal(["b", "a"], Drain(queue));
    }

    [Fact]
    public void A_key_scheduled_both_ways_is_not_background()
    {
        var queue = Queue();
        queue.AddAfter("a", TimeSpan.FromSeconds(1), background: true);
        queue.AddAfter("b", TimeSpan.FromSeconds(1), background: true);
        queue.AddAfter("b", TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["b", "a"], Drain(queue));
    }

    [Fact]
    public void Background_keys_in_flight_are_capped_and_foreground_keys_are_not()
    {
        var queue = Queue(NoJitter with { MaxBackgroundInFlight = 1 });
        queue.AddAfter("resync-1", TimeSpan.Zero, background: true);
        queue.AddAfter("resync-2", TimeSpan.Zero, background: true);

        Assert.True(queue.TryTake(out var first));
        Assert.Equal("resync-1", first);
        Assert.False(queue.TryTake(out _));
        queue.Add("new");
        Assert.Equal(["new"], Drain(queue));

        queue.Done("resync-1");
        Assert.Equal(["resync-2"], Drain(queue));
    }

    [Fact]
    public async Task A_worker_waiting_for_a_background_slot_is_woken_when_one_comes_free()
    {
        var queue = Queue(NoJitter with { MaxBackgroundInFlight = 1 });
        queue.AddAfter("resync-1", TimeSpan.Zero, background: true);
        queue.AddAfter("resync-2", TimeSpan.Zero, background: true);
        Assert.True(queue.TryTake(out _));

        var waiting = queue.TakeAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        queue.Done("resync-1");

        Assert.Equal((true, "resync-2"), await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_key_re_added_while_in_flight_is_handed_out_again_only_after_done()
    {
        var queue = Queue();
        queue.Add("a");
        Assert.True(queue.TryTake(out _));

        queue.Add("a");
        queue.Add("a");
        Assert.Empty(Drain(queue));

        queue.Done("a");
        Assert.Equal(["a"], Drain(queue));
        queue.Done("a");
        Assert.Empty(Drain(queue));
    }

    [Fact]
    public void Backoff_doubles_per_failure_and_stops_at_the_cap()
    {
        var queue = Queue();

        var delays = Enumerable.Range(1, 9).Select(failures => queue.Backoff(failures).TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void Jitter_keeps_delays_within_the_fraction_below_the_exponential_value_and_spreads_them()
    {
        var queue = Queue(NoJitter with { Jitter = 0.25 }, new Random(7));

        var delays = Enumerable.Range(0, 500).Select(_ => queue.Backoff(3)).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4)));
        Assert.True(delays.Distinct().Count() > 100, "jitter should spread the delays");
        var capped = Enumerable.Range(0, 200).Select(_ => queue.Backoff(20)).ToList();
        Assert.All(capped, delay => Assert.InRange(delay, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void A_failing_key_comes_back_after_its_growing_backoff()
    {
        var queue = Queue();
        queue.Add("a");
        Assert.True(queue.TryTake(out _));

        Assert.Equal(TimeSpan.FromSeconds(1), queue.AddRateLimited("a"));
        queue.Done("a");
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(Drain(queue));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], Drain(queue));

        Assert.Equal(TimeSpan.FromSeconds(2), queue.AddRateLimited("a"));
        queue.Done("a");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(Drain(queue));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["a"], Drain(queue));
    }

    [Fact]
    public void Forget_after_success_restarts_the_backoff_at_the_base()
    {
        var queue = Queue();
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        Assert.Equal(3, queue.Failures("a"));

        queue.Forget("a");

        Assert.Equal(0, queue.Failures("a"));
        Assert.Equal(TimeSpan.FromSeconds(1), queue.AddRateLimited("a"));
    }

    [Fact]
    public void A_delayed_key_becomes_ready_at_its_due_time()
    {
        var queue = Queue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(Drain(queue));
        Assert.Equal(1, queue.Depth);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["a"], Drain(queue));
    }

    [Fact]
    public void Of_two_delayed_requeues_the_earliest_wins()
    {
        var queue = Queue();
        queue.AddAfter("later-first", TimeSpan.FromSeconds(10));
        queue.AddAfter("later-first", TimeSpan.FromSeconds(5));
        queue.AddAfter("sooner-first", TimeSpan.FromSeconds(5));
        queue.AddAfter("sooner-first", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["later-first", "sooner-first"], Drain(queue).Order());
        foreach (var key in new[] { "later-first", "sooner-first" })
            queue.Done(key);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(Drain(queue));
    }

    [Fact]
    public void An_immediate_add_overrides_a_pending_delay()
    {
        var queue = Queue();
        queue.AddAfter("a", TimeSpan.FromMinutes(1));

        queue.Add("a");

        Assert.Equal(["a"], Drain(queue));
        queue.Done("a");
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(Drain(queue));
    }

    [Fact]
    public void A_delay_requested_while_in_flight_starts_counting_at_request_and_applies_after_done()
    {
        var queue = Queue();
        queue.Add("a");
        Assert.True(queue.TryTake(out _));

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(4));
        queue.Done("a");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(Drain(queue));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["a"], Drain(queue));
    }

    [Fact]
    public void A_delayed_key_due_while_in_flight_waits_for_done()
    {
        var queue = Queue();
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(queue.TryTake(out _));
        queue.Add("b");
        queue.AddAfter("a", TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["b"], Drain(queue));

        queue.Done("a");
        Assert.Equal(["a"], Drain(queue));
    }

    [Fact]
    public void Throttle_pauses_every_key_until_it_expires()
    {
        var queue = Queue();
        queue.Add("a");
        queue.Throttle(TimeSpan.FromSeconds(5));

        Assert.Empty(Drain(queue));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["a"], Drain(queue));
    }

    [Fact]
    public async Task TakeAsync_waits_for_work_and_returns_nothing_after_shutdown()
    {
        var queue = Queue();
        var waiting = queue.TakeAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        queue.Add("a");
        var (taken, key) = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(taken);
        Assert.Equal("a", key);

        var afterShutdown = queue.TakeAsync(CancellationToken.None);
        queue.Add("b");
        queue.ShutDown();
        queue.Add("c");
        var results = new List<bool>();
        while (true)
        {
            var (more, _) = await afterShutdown.WaitAsync(TimeSpan.FromSeconds(10));
            results.Add(more);
            if (!more)
                break;
            afterShutdown = queue.TakeAsync(CancellationToken.None);
        }

        Assert.False(results[^1]);
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public async Task TakeAsync_sleeps_through_a_throttle_on_the_fake_clock()
    {
        var queue = Queue();
        queue.Add("a");
        queue.Throttle(TimeSpan.FromSeconds(5));

        var waiting = queue.TakeAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));

        var (taken, key) = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(taken);
        Assert.Equal("a", key);
    }
}
