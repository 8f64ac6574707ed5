namespace Gureum.Controllers.Common;

/// <summary>
/// Coalesces the single-key reads of many concurrent passes into few batched describes (ELBv2
/// DescribeLoadBalancers and DescribeTags take 20 names or ARNs a call, Auto Scaling's describe 100):
/// a key waits at most <c>window</c> for others, or less when <c>maxKeys</c> are waiting; keys that
/// arrive while <c>maxCalls</c> calls are in flight wait for one to finish and go together in the next.
/// Each caller gets its own answer (null: the call did not return the key) or the call's error; with
/// <c>splitOn</c>, a batch failing with such an error (AWS fails a whole describe for one unknown ARN)
/// is asked again key by key, so each caller gets its own answer or its own error. A caller's
/// cancellation ends its wait and takes its key out of a batch not yet sent; the call itself belongs to
/// every caller in it and is never cancelled.
/// </summary>
public sealed class BatchedLookup<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> _fetch;
    private readonly int _maxKeys;
    private readonly int _maxCalls;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Func<Exception, bool>? _splitOn;
    private readonly IEqualityComparer<TKey> _comparer;

    private readonly Lock _lock = new();
    private readonly List<Waiter> _pending = [];
    private ITimer? _timer;
    private bool _due;
    private int _inFlight;

    /// <param name="fetch">One call for these keys (distinct, at most <paramref name="maxKeys"/>): what it found, by key
    /// (a dictionary with the lookup's comparer); keys left out are answered null.</param>
    public BatchedLookup(
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
        int maxKeys,
        TimeSpan window,
        TimeProvider time,
        int maxCalls = 2,
        Func<Exception, bool>? splitOn = null,
        IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCalls, 1);
        _fetch = fetch;
        _maxKeys = maxKeys;
        _maxCalls = maxCalls;
        _window = window;
        _time = time;
        _splitOn = splitOn;
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
    }

    private sealed class Waiter(TKey key)
    {
        public TKey Key { get; } = key;

        public TaskCompletionSource<TValue?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }

    public Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<TValue?>(cancellationToken);
        var waiter = new Waiter(key);
        waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        List<List<Waiter>> ready;
        lock (_lock)
        {
            if (waiter.Completion.Task.IsCompleted)
                return waiter.Completion.Task;
            _pending.Add(waiter);
            if (_timer is null && !_due)
                _timer = _time.CreateTimer(_ => WindowEnded(), null, _window, Timeout.InfiniteTimeSpan);
            ready = TakeReady();
        }
        Send(ready);
        return waiter.Completion.Task;
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
            _pending.Remove(waiter);
        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private void WindowEnded()
    {
        List<List<Waiter>> ready;
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
            _due = true;
            ready = TakeReady();
        }
        Send(ready);
    }

    /// <summary>Under the lock: the batches that may go now (full ones, or all once the window ended), as many as calls are free.</summary>
    private List<List<Waiter>> TakeReady()
    {
        var batches = new List<List<Waiter>>();
        while (_inFlight < _maxCalls && _pending.Count > 0)
        {
            var keys = _pending.Select(w => w.Key).Distinct(_comparer).Take(_maxKeys).ToHashSet(_comparer);
            if (keys.Count < _maxKeys && !_due)
                break;
            batches.Add(_pending.Where(w => keys.Contains(w.Key)).ToList());
            _pending.RemoveAll(w => keys.Contains(w.Key));
            _inFlight++;
        }
        if (_pending.Count == 0)
            _due = false;
        return batches;
    }

    private void Send(List<List<Waiter>> batches)
    {
        foreach (var batch in batches)
            _ = SendAsync(batch);
    }

    private async Task SendAsync(List<Waiter> batch)
    {
        try
        {
            await AnswerAsync(batch);
        }
        finally
        {
            List<List<Waiter>> ready;
            lock (_lock)
            {
                _inFlight--;
                ready = TakeReady();
            }
            Send(ready);
        }
    }

    private async Task AnswerAsync(IReadOnlyList<Waiter> waiters)
    {
        var keys = waiters.Select(w => w.Key).Distinct(_comparer).ToList();
        try
        {
            // The call answers many callers: none of their tokens may cancel it.
            var found = await _fetch(keys, CancellationToken.None);
            foreach (var waiter in waiters)
                Complete(waiter, found.TryGetValue(waiter.Key, out var value) ? value : null);
        }
        catch (Exception error) when (keys.Count > 1 && _splitOn?.Invoke(error) == true)
        {
            foreach (var key in keys)
                await AnswerAsync([.. waiters.Where(w => _comparer.Equals(w.Key, key))]);
        }
        catch (Exception error)
        {
            foreach (var waiter in waiters)
            {
                waiter.Completion.TrySetException(error);
                waiter.Registration.Dispose();
            }
        }
    }

    private static void Complete(Waiter waiter, TValue? value)
    {
        waiter.Completion.TrySetResult(value);
        waiter.Registration.Dispose();
    }
}
