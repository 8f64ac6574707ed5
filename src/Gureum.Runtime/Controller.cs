using System.Collections.Concurrent;
using System.Diagnostics;
using Gureum.Runtime.Cache;
using Gureum.Runtime.Queue;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Gureum.Runtime;

internal interface IController
{
    string Name { get; }

    Task RunAsync(TimeSpan shutdownTimeout, CancellationToken stopping, CancellationToken abort);
}

/// <summary>
/// Runs one <see cref="ControllerDefinition{T}"/>: events become keys in the queue, workers
/// take keys, read the cached object and reconcile it, and the outcome decides the key's timing.
/// </summary>
internal sealed partial class Controller<T> : IController
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerDefinition<T> _definition;
    private readonly ResourceCache<T> _cache;
    private readonly Finalizers _finalizers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IInformer> _informers;
    // Stalled keys and the object fingerprint they stalled at; skipped until the object changes
    // or their recheck time (if any) has come.
    private readonly ConcurrentDictionary<ObjectKey, StalledAt> _terminal = new();
    private WorkQueue<ObjectKey> _queue;

    public Controller(
        ControllerDefinition<T> definition,
        Informer<T> owned,
        IReadOnlyList<(WatchDefinition<T> Watch, IInformer Informer)> watched,
        Finalizers finalizers,
        TimeProvider time,
        ILogger logger)
    {
        _definition = definition;
        _cache = owned.Cache;
        _finalizers = finalizers;
        _time = time;
        _logger = logger;
        _queue = new WorkQueue<ObjectKey>(QueueOptionsOf(definition), time);
        _informers = [owned, .. watched.Select(pair => pair.Informer)];
        foreach (var (name, indexer) in definition.Indexes)
            owned.Cache.AddIndex(name, indexer);
        owned.Subscribe(OnOwnedEvent);
        foreach (var (watch, informer) in watched)
            watch.Connect(informer, _cache, key => _queue.Add(key));
    }

    public string Name => _definition.Name;

    internal WorkQueue<ObjectKey> Queue => _queue;

    public async Task RunAsync(TimeSpan shutdownTimeout, CancellationToken stopping, CancellationToken abort)
    {
        _queue = new WorkQueue<ObjectKey>(QueueOptionsOf(_definition), _time);
        _terminal.Clear();
        RuntimeTelemetry.TrackQueue(Name, () => _queue.Depth);
        using var grace = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var reconciling = CancellationTokenSource.CreateLinkedTokenSource(abort, grace.Token);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping, abort);
        using var stopRegistration = stopping.Register(_queue.ShutDown);
        using var abortRegistration = abort.Register(_queue.ShutDown);
        try
        {
            await Task.WhenAll(_informers.Select(informer => informer.WaitForSyncAsync(ending.Token)));
            foreach (var resource in _cache.List())
                _queue.Add(ObjectKey.Of(resource));
            Log.Started(_logger, Name, _definition.Workers);
            var workers = Enumerable.Range(0, Math.Max(1, _definition.Workers))
                .Select(_ => Task.Run(() => WorkAsync(reconciling.Token), CancellationToken.None))
                .ToList();
            var resync = ResyncAsync(ending.Token);
            await Task.Delay(Timeout.Infinite, ending.Token).ContinueWith(_ => { }, TaskScheduler.Default);

            // Stop taking work; let in-flight reconciles finish, but not forever.
            _queue.ShutDown();
            grace.CancelAfter(shutdownTimeout);
            await Task.WhenAll(workers);
            await resync;
            Log.Stopped(_logger, Name);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || abort.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.ShutDown();
            RuntimeTelemetry.UntrackQueue(Name);
        }
    }

    /// <summary>A quarter of the workers (at least one, when there are two) is kept from the resync's keys.</summary>
    internal static QueueOptions QueueOptionsOf(ControllerDefinition<T> definition)
    {
        var workers = Math.Max(1, definition.Workers);
        return definition.Queue.MaxBackgroundInFlight is null && workers > 1
            ? definition.Queue with { MaxBackgroundInFlight = workers - Math.Max(1, workers / 4) }
            : definition.Queue;
    }

    private void OnOwnedEvent(ResourceEvent<T> change)
    {
        var key = ObjectKey.Of(change.Resource);
        if (change.Type == WatchEventType.Deleted)
        {
            _terminal.TryRemove(key, out _);
            _queue.Forget(key);
            return;
        }

        if (ObjectChanges.Matter(change.Previous, change.Resource))
            _queue.Add(key);
    }

    private async Task ResyncAsync(CancellationToken stopping)
    {
        if (_definition.ResyncPeriod is not { } period || period <= TimeSpan.Zero)
            return;
        try
        {
            while (true)
            {
                await Task.Delay(period, _time, stopping);
                foreach (var resource in _cache.List())
                {
                    // Spread the pass over a tenth of the period so AWS sees no burst; in the background,
                    // so that a new or changed object is not queued behind every object's routine pass.
                    var jitter = TimeSpan.FromTicks((long)(period.Ticks * 0.1 * Random.Shared.NextDouble()));
                    _queue.AddAfter(ObjectKey.Of(resource), jitter, background: true);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectKey key;
            try
            {
                (var taken, key) = await _queue.TakeAsync(cancellationToken);
                if (!taken)
                    return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken);
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    internal async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var resource = _cache.Get(key);
        if (resource is null)
        {
            _queue.Forget(key);
            return;
        }

        var fingerprint = ObjectChanges.Fingerprint(resource);
        if (_terminal.TryGetValue(key, out var stalledAt))
        {
            if (stalledAt.Fingerprint == fingerprint && (stalledAt.RecheckAt is not { } due || _time.GetUtcNow() < due))
                return;
            _terminal.TryRemove(key, out _);
        }

        using var activity = RuntimeTelemetry.Source.StartActivity(RuntimeTelemetry.ReconcileSpan);
        activity?.SetTag("gureum.controller", Name);
        activity?.SetTag("gureum.key", key.ToString());
        var started = _time.GetTimestamp();
        string outcome;
        try
        {
            var result = _definition.Finalizer is { } finalizer
                ? await _finalizers.ApplyAsync(resource, _definition.Kind, finalizer, _definition.Reconciler, cancellationToken)
                : resource.Metadata.DeletionTimestamp is null
                    ? await _definition.Reconciler.ReconcileAsync(resource, cancellationToken)
                    : ReconcileResult.Done;
            _queue.Forget(key);
            if (result.IsStalled)
            {
                _terminal[key] = new StalledAt(fingerprint, result.Requeue is { } recheck ? _time.GetUtcNow() + recheck : null);
                if (result.Requeue is { } recheckDelay)
                    _queue.AddAfter(key, recheckDelay);
                outcome = "stalled";
            }
            else if (result.Requeue is { } delay)
            {
                _queue.AddAfter(key, delay);
                outcome = "requeue";
            }
            else
            {
                outcome = "done";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
        }
        catch (Exception exception)
        {
            outcome = HandleError(key, fingerprint, exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        }

        activity?.SetTag("gureum.result", outcome);
        var elapsed = _time.GetElapsedTime(started);
        var tags = new TagList { { "controller", Name }, { "result", outcome } };
        RuntimeTelemetry.Reconciles.Add(1, tags);
        RuntimeTelemetry.Durations.Record(elapsed.TotalSeconds, tags);
        Log.Reconciled(_logger, Name, key.ToString(), outcome, elapsed.TotalMilliseconds);
    }

    private string HandleError(ObjectKey key, string fingerprint, Exception exception)
    {
        // Expected conditions (throttling, a resource not there yet) are one line without a stack trace.
        var expected = _definition.ErrorClassifier.IsExpected(exception);
        switch (_definition.ErrorClassifier.Classify(exception))
        {
            case ErrorClass.Terminal:
                _queue.Forget(key);
                _terminal[key] = new StalledAt(fingerprint, null);
                if (expected)
                    Log.TerminalExpected(_logger, Name, key.ToString(), exception.Message);
                else
                    Log.Terminal(_logger, exception, Name, key.ToString());
                return "terminal";
            case ErrorClass.Throttled:
                _queue.Throttle(_definition.Queue.ThrottlePause);
                var throttledDelay = _queue.AddRateLimited(key);
                RuntimeTelemetry.RetryCount.Add(1, new TagList { { "controller", Name }, { "reason", "throttled" } });
                Log.Throttled(_logger, Name, key.ToString(), throttledDelay, exception.Message);
                return "throttled";
            default:
                var delay = _queue.AddRateLimited(key);
                RuntimeTelemetry.RetryCount.Add(1, new TagList { { "controller", Name }, { "reason", "transient" } });
                if (expected)
                    Log.TransientExpected(_logger, Name, key.ToString(), _queue.Failures(key), delay, exception.Message);
                else
                    Log.Transient(_logger, exception, Name, key.ToString(), _queue.Failures(key), delay);
                return "transient";
        }
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Controller {Controller} started with {Workers} workers")]
        public static partial void Started(ILogger logger, string controller, int workers);

        [LoggerMessage(11, LogLevel.Information, "Controller {Controller} stopped")]
        public static partial void Stopped(ILogger logger, string controller);

        [LoggerMessage(12, LogLevel.Warning, "{Controller} {Key}: reconcile failed (attempt {Attempt}); retrying in {Delay}")]
        public static partial void Transient(ILogger logger, Exception exception, string controller, string key, int attempt, TimeSpan delay);

        [LoggerMessage(13, LogLevel.Warning, "{Controller} {Key}: throttled; controller paused, key retried in {Delay}: {Reason}")]
        public static partial void Throttled(ILogger logger, string controller, string key, TimeSpan delay, string reason);

        [LoggerMessage(16, LogLevel.Warning, "{Controller} {Key}: {Reason} (attempt {Attempt}); retrying in {Delay}")]
        public static partial void TransientExpected(ILogger logger, string controller, string key, int attempt, TimeSpan delay, string reason);

        [LoggerMessage(17, LogLevel.Warning, "{Controller} {Key}: {Reason}; not retried until the object changes")]
        public static partial void TerminalExpected(ILogger logger, string controller, string key, string reason);

        [LoggerMessage(15, LogLevel.Debug, "{Controller} {Key}: {Outcome} after {ElapsedMs:F1} ms")]
        public static partial void Reconciled(ILogger logger, string controller, string key, string outcome, double elapsedMs);

        [LoggerMessage(14, LogLevel.Error, "{Controller} {Key}: terminal error; not retried until the object changes")]
        public static partial void Terminal(ILogger logger, Exception exception, string controller, string key);
    }

    private sealed record StalledAt(string Fingerprint, DateTimeOffset? RecheckAt);
}
