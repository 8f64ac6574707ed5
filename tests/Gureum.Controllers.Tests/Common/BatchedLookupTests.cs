using Gureum.Controllers.Common;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class BatchedLookupTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new();
    private readonly List<IReadOnlyList<string>> _calls = [];

    /// <summary>Calls wait on this when set, so that a test can hold one in flight.</summary>
    private TaskCompletionSource? _gate;

    /// <summary>Answers "value of k" for every key but those starting with "absent"; a key starting with "bad" fails its call.</summary>
    private BatchedLookup<string, string> Lookup(int maxKeys = 3, int maxCalls = 1, Func<Exception, bool>? splitOn = null) =>
        new(async (keys, _) =>
        {
            lock (_calls)
                _calls.Add(keys);
            if (_gate is { } gate)
                await gate.Task;
            if (keys.Any(k => k.StartsWith("bad", StringComparison.Ordinal)))
                throw new InvalidOperationException("unknown " + string.Join(",", keys));
            return keys.Where(k => !k.StartsWith("absent", StringComparison.Ordinal)).ToDictionary(k => k, k => "value of " + k);
        }, maxKeys, Window, _time, maxCalls, splitOn);

    [Fact]
    public async Task Keys_asked_within_the_window_go_in_one_call_and_each_caller_gets_its_own_answer()
    {
        var lookup = Lookup();
        var a = lookup.GetAsync("a", CancellationToken.None);
        var absent = lookup.GetAsync("absent", CancellationToken.None);
        Assert.Empty(_calls);

        _time.Advance(Window);

        Assert.Equal("value of a", await a);
        Assert.Null(await absent);
        Assert.Equal(["a", "absent"], Assert.Single(_calls));
    }

    [Fact]
    public async Task A_full_batch_goes_at_once_and_the_rest_waits_for_the_window()
    {
        var lookup = Lookup(maxKeys: 3, maxCalls: 2);
        var asked = new[] { "a", "b", "c", "d" }.Select(k => lookup.GetAsync(k, CancellationToken.None)).ToList();

        Assert.Equal(["a", "b", "c"], Assert.Single(_calls));
        _time.Advance(Window);

        Assert.Equal("value of a,value of b,value of c,value of d", string.Join(",", await Task.WhenAll(asked)));
        Assert.Equal(["d"], _calls[1]);
    }

    [Fact]
    public async Task Keys_asked_while_a_call_is_in_flight_go_together_in_the_next_call()
    {
        var lookup = Lookup(maxKeys: 10, maxCalls: 1);
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = lookup.GetAsync("a", CancellationToken.None);
        _time.Advance(Window);
        Assert.Single(_calls);

        var later = new[] { "b", "c", "d" }.Select(k => lookup.GetAsync(k, CancellationToken.None)).ToList();
        _time.Advance(Window * 5);
        Assert.Single(_calls);

        _gate.SetResult();
        Assert.Equal("value of a", await first);
        Assert.Equal("value of b,value of c,value of d", string.Join(",", await Task.WhenAll(later)));
        Assert.Equal(2, _calls.Count);
        Assert.Equal(["b", "c", "d"], _calls[1]);
    }

    [Fact]
    public async Task Two_callers_of_one_key_share_its_place_in_the_call()
    {
        var lookup = Lookup();
        var one = lookup.GetAsync("a", CancellationToken.None);
        var two = lookup.GetAsync("a", CancellationToken.None);
        _time.Advance(Window);

        Assert.Equal(("value of a", "value of a"), (await one, await two));
        Assert.Equal(["a"], Assert.Single(_calls));
    }

    [Fact]
    public async Task A_failed_call_fails_each_of_its_callers()
    {
        var lookup = Lookup();
        var good = lookup.GetAsync("a", CancellationToken.None);
        var bad = lookup.GetAsync("bad", CancellationToken.None);
        _time.Advance(Window);

        await Assert.ThrowsAsync<InvalidOperationException>(() => good);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task With_splitOn_a_failed_batch_is_asked_again_key_by_key_so_only_the_bad_key_fails()
    {
        var lookup = Lookup(splitOn: e => e is InvalidOperationException);
        var good = lookup.GetAsync("a", CancellationToken.None);
        var bad = lookup.GetAsync("bad", CancellationToken.None);
        var absent = lookup.GetAsync("absent", CancellationToken.None);
        _time.Advance(Window);

        Assert.Equal("value of a", await good);
        Assert.Null(await absent);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal("unknown bad", error.Message);
        Assert.Equal(4, _calls.Count);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_and_its_key_is_not_sent()
    {
        var lookup = Lookup();
        using var cancel = new CancellationTokenSource();
        var cancelled = lookup.GetAsync("gone", cancel.Token);
        var kept = lookup.GetAsync("a", CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _time.Advance(Window);

        Assert.Equal("value of a", await kept);
        Assert.Equal(["a"], Assert.Single(_calls));
    }

    [Fact]
    public async Task After_a_quiet_spell_a_new_key_waits_a_new_window()
    {
        var lookup = Lookup();
        var first = lookup.GetAsync("a", CancellationToken.None);
        _time.Advance(Window);
        await first;

        var second = lookup.GetAsync("b", CancellationToken.None);
        Assert.Single(_calls);
        _time.Advance(Window);

        Assert.Equal("value of b", await second);
        Assert.Equal(2, _calls.Count);
    }
}
