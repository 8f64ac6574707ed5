namespace Gureum.Runtime.Queue;

/// <summary>
/// The timing heart of a controller, on <see cref="TimeProvider"/> only:
/// a key is queued at most once, handed to at most one worker at a time (re-added while in
/// flight means "process again when done"), delayed requeues keep the earliest due time,
/// failures back off exponentially per key with jitter, and a throttle pauses everyone. Keys queued
/// in the background (the periodic resync of every object) are handed out only when no other key is
/// ready: a new or changed object does not wait behind thousands of routine passes.
/// </summary>
internal sealed class WorkQueue<TKey>(QueueOptions options, TimeProvider time, Random? random = null)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Random _random = random ?? Random.Shared;
    private readonly Queue<TKey> _ready = new();
    private readonly Queue<TKey> _readyBackground = new();
    // Ready keys and whether they wait in the background queue; a key moved to the front (added meanwhile
    // by an event) leaves a stale entry behind in the background queue, skipped when met.
    private readonly Dictionary<TKey, bool> _readySet = [];
    private readonly HashSet<TKey> _inFlight = [];
    private readonly HashSet<TKey> _inFlightBackground = [];
    private readonly HashSet<TKey> _dirty = [];
    private readonly Dictionary<TKey, Scheduled> _scheduled = [];
    private readonly Dictionary<TKey, DateTimeOffset> _dueAfterDone = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private TaskCompletionSource _signal = NewSignal();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private bool _shutDown;

    private sealed record Scheduled(DateTimeOffset Due, ITimer Timer, bool Background);

    /// <summary>Keys waiting: ready now or scheduled for later (not those in flight).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _readySet.Count + _scheduled.Count;
            }
        }
    }

    public bool IsShutDown
    {
        get
        {
            lock (_gate)
            {
                return _shutDown;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shutDown)
                return;
            if (_inFlight.Contains(key))
            {
                _dirty.Add(key);
                return;
            }

            EnqueueReady(key);
        }
    }

    /// <summary>
    /// Queue <paramref name="key"/> after <paramref name="delay"/>; an earlier due time already set wins.
    /// <paramref name="background"/>: once due it waits behind every other ready key (unless something
    /// else asks for it meanwhile).
    /// </summary>
    public void AddAfter(TKey key, TimeSpan delay, bool background = false)
    {
        lock (_gate)
        {
            if (_shutDown || _readySet.ContainsKey(key))
                return;
            if (delay <= TimeSpan.Zero)
            {
                if (_inFlight.Contains(key))
                    _dirty.Add(key);
                else
                    EnqueueReady(key, background);
                return;
            }
            var due = time.GetUtcNow() + delay;
            if (_inFlight.Contains(key))
            {
                if (!_dirty.Contains(key) && (!_dueAfterDone.TryGetValue(key, out var pending) || due < pending))
                    _dueAfterDone[key] = due;
                return;
            }

            Schedule(key, due, background);
        }
    }

    /// <summary>Record a failure of <paramref name="key"/> and requeue it after its backoff; returns that delay.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key) + 1;
            _failures[key] = failures;
            delay = Backoff(failures);
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clear the failure history of <paramref name="key"/> (after a success).</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    public int Failures(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Stop handing out work for <paramref name="pause"/> (AWS or the API server is throttling us).</summary>
    public void Throttle(TimeSpan pause)
    {
        lock (_gate)
        {
            var until = time.GetUtcNow() + pause;
            if (until > _pausedUntil)
                _pausedUntil = until;
        }
    }

    /// <summary>The next key to work on, marked in flight; Taken is false once the queue is shut down.</summary>
    public async Task<(bool Taken, TKey Key)> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_shutDown)
                    return (false, default!);
                if (TryTake(out var key))
                    return (true, key);
                var pausedFor = _pausedUntil - time.GetUtcNow();
                wait = pausedFor > TimeSpan.Zero
                    ? Task.WhenAny(Task.Delay(pausedFor, time, cancellationToken), _signal.Task)
                    : _signal.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Takes a ready key now if there is one and the queue is not paused.</summary>
    public bool TryTake(out TKey key)
    {
        lock (_gate)
        {
            if (!_shutDown && _pausedUntil <= time.GetUtcNow() && TryDequeue(out key!, out var background))
            {
                _inFlight.Add(key);
                if (background)
                    _inFlightBackground.Add(key);
                return true;
            }

            key = default!;
            return false;
        }
    }

    private bool TryDequeue(out TKey key, out bool background)
    {
        background = false;
        if (_ready.TryDequeue(out key!))
        {
            _readySet.Remove(key);
            return true;
        }
        if (_inFlightBackground.Count >= (options.MaxBackgroundInFlight ?? int.MaxValue))
            return false;
        while (_readyBackground.TryDequeue(out key!))
        {
            if (_readySet.TryGetValue(key, out var waitsInBackground) && waitsInBackground)
            {
                _readySet.Remove(key);
                background = true;
                return true;
            }
        }
        return false;
    }

    /// <summary>The worker finished <paramref name="key"/>: requeue it if it was added meanwhile.</summary>
    public void Done(TKey key)
    {
        lock (_gate)
        {
            _inFlight.Remove(key);
            // A background slot came free: a worker may be waiting for one.
            if (_inFlightBackground.Remove(key) && _readyBackground.Count > 0)
                Wake();
            var hadDue = _dueAfterDone.Remove(key, out var due);
            if (_shutDown)
                return;
            if (_dirty.Remove(key))
                EnqueueReady(key);
            else if (hadDue)
                Schedule(key, due, background: false);
        }
    }

    public void ShutDown()
    {
        lock (_gate)
        {
            _shutDown = true;
            foreach (var scheduled in _scheduled.Values)
                scheduled.Timer.Dispose();
            _scheduled.Clear();
            _ready.Clear();
            _readyBackground.Clear();
            _readySet.Clear();
            Wake();
        }
    }

    internal TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var raw = options.BackoffBase.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(raw, options.BackoffCap.Ticks);
        var jitter = Math.Clamp(options.Jitter, 0, 1);
        return TimeSpan.FromTicks((long)(capped * (1 - (jitter * _random.NextDouble()))));
    }

    private void Schedule(TKey key, DateTimeOffset due, bool background)
    {
        if (_scheduled.TryGetValue(key, out var existing))
        {
            if (existing.Due <= due)
            {
                // The earlier time stays; a key also asked for in the foreground is no longer background.
                if (existing.Background && !background)
                    _scheduled[key] = existing with { Background = false };
                return;
            }
            existing.Timer.Dispose();
            background &= existing.Background;
        }

        var delay = due - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            _scheduled.Remove(key);
            EnqueueReady(key, background);
            return;
        }

        // The timer is stored before it can fire: the callback takes the same lock.
        var timer = time.CreateTimer(_ => Fire(key, due), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _scheduled[key] = new Scheduled(due, timer, background);
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Fire(TKey key, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (_shutDown || !_scheduled.TryGetValue(key, out var scheduled) || scheduled.Due != due)
                return;
            scheduled.Timer.Dispose();
            _scheduled.Remove(key);
            if (_inFlight.Contains(key))
                _dirty.Add(key);
            else
                EnqueueReady(key, scheduled.Background);
        }
    }

    private void EnqueueReady(TKey key, bool background = false)
    {
        if (_scheduled.Remove(key, out var scheduled))
        {
            scheduled.Timer.Dispose();
            background &= scheduled.Background;
        }
        if (_readySet.TryGetValue(key, out var waitsInBackground))
        {
            // Already ready: asked for in the foreground now, it moves to the front queue.
            if (waitsInBackground && !background)
            {
                _readySet[key] = false;
                _ready.Enqueue(key);
                Wake();
            }
            return;
        }
        _readySet[key] = background;
        (background ? _readyBackground : _ready).Enqueue(key);
        Wake();
    }

    private void Wake()
    {
        var signal = _signal;
        _signal = NewSignal();
        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
