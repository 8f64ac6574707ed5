using Gureum.Runtime.Cache;
using Gureum.Runtime.Queue;
using Gureum.Runtime.Tests.Support;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Runtime.Tests;

/// <summary>How a reconcile's outcome decides the key's timing (no API server involved: no finalizer).</summary>
public sealed class ControllerTests
{
    private static readonly QueueOptions Timing = new()
    {
        BackoffBase = TimeSpan.FromSeconds(1),
        BackoffCap = TimeSpan.FromMinutes(1),
        Jitter = 0,
        ThrottlePause = TimeSpan.FromSeconds(30),
    };

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedReconciler _reconciler = new();
    private readonly Informer<Widget> _informer;
    private readonly Controller<Widget> _controller;
    private readonly ObjectKey _key = new("default", "w");

    public ControllerTests()
    {
        // Never contacted: these tests drive the controller directly.
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" });
        _informer = new Informer<Widget>(client, Widget.Kind, null, _time, NullLogger.Instance);
        _controller = new Controller<Widget>(
            new ControllerDefinition<Widget>("widgets", Widget.Kind, _reconciler) { Queue = Timing },
            _informer, [], new Finalizers(client), _time, NullLogger.Instance);
        var widget = Widget.Named("w");
        widget.Metadata.Generation = 1;
        _informer.Cache.Upsert(widget);
    }

    private bool Ready() => _controller.Queue.TryTake(out _);

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 1)]
    [InlineData(4, 3)]
    [InlineData(16, 12)]
    public void A_quarter_of_the_workers_is_kept_from_the_resync(int workers, int? maxBackground)
    {
        var definition = new ControllerDefinition<Widget>("widgets", Widget.Kind, _reconciler) { Workers = workers };
        Assert.Equal(maxBackground, Controller<Widget>.QueueOptionsOf(definition).MaxBackgroundInFlight);
    }

    [Fact]
    public void A_background_cap_given_is_kept()
    {
        var definition = new ControllerDefinition<Widget>("widgets", Widget.Kind, _reconciler) { Workers = 16, Queue = Timing with { MaxBackgroundInFlight = 16 } };
        Assert.Equal(16, Controller<Widget>.QueueOptionsOf(definition).MaxBackgroundInFlight);
    }

    [Fact]
    public async Task A_requeue_result_brings_the_key_back_after_the_delay()
    {
        _reconciler.Next = _ => ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(30));

        await _controller.ProcessAsync(_key, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(Ready());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Ready());
        Assert.Equal(0, _controller.Queue.Failures(_key));
    }

    [Fact]
    public async Task A_transient_error_backs_off_and_success_forgets_the_failures()
    {
        _reconciler.Next = _ => throw new InvalidOperationException("AWS said 500");

        await _controller.ProcessAsync(_key, CancellationToken.None);
        await _controller.ProcessAsync(_key, CancellationToken.None);

        Assert.Equal(2, _controller.Queue.Failures(_key));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Ready());

        _reconciler.Next = _ => ReconcileResult.Done;
        await _controller.ProcessAsync(_key, CancellationToken.None);
        Assert.Equal(0, _controller.Queue.Failures(_key));
    }

    [Fact]
    public async Task A_stalled_result_is_skipped_by_resyncs_until_the_object_changes()
    {
        _reconciler.Next = _ => ReconcileResult.Stalled();

        await _controller.ProcessAsync(_key, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(Ready());
        await _controller.ProcessAsync(_key, CancellationToken.None); // what a resync does
        Assert.Equal(1, _reconciler.Calls);

        var changed = Widget.Named("w", size: 2);
        changed.Metadata.Generation = 2;
        _informer.Cache.Upsert(changed);
        _reconciler.Next = _ => ReconcileResult.Done;
        await _controller.ProcessAsync(_key, CancellationToken.None);
        Assert.Equal(2, _reconciler.Calls);
    }

    [Fact]
    public async Task A_stalled_result_with_a_recheck_looks_once_more_after_it()
    {
        _reconciler.Next = _ => ReconcileResult.Stalled(TimeSpan.FromMinutes(10));

        await _controller.ProcessAsync(_key, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        await _controller.ProcessAsync(_key, CancellationToken.None); // a resync before the recheck
        Assert.Equal(1, _reconciler.Calls);
        Assert.False(Ready());

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(Ready());
        await _controller.ProcessAsync(_key, CancellationToken.None);
        Assert.Equal(2, _reconciler.Calls);
    }

    [Fact]
    public async Task A_terminal_error_is_not_retried_until_the_object_changes()
    {
        _reconciler.Next = _ => throw new TerminalException("spec.size must be positive");

        await _controller.ProcessAsync(_key, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(Ready());

        // A resync or status-only change wakes the key, but the reconciler is not called.
        await _controller.ProcessAsync(_key, CancellationToken.None);
        Assert.Equal(1, _reconciler.Calls);

        var changed = Widget.Named("w", size: 2);
        changed.Metadata.Generation = 2;
        _informer.Cache.Upsert(changed);
        _reconciler.Next = _ => ReconcileResult.Done;
        await _controller.ProcessAsync(_key, CancellationToken.None);
        Assert.Equal(2, _reconciler.Calls);
    }

    [Fact]
    public async Task A_throttling_error_pauses_the_whole_controller()
    {
        _reconciler.Next = _ => throw new ThrottledForTest();
        var classifier = DefaultErrorClassifier.With(e => e is ThrottledForTest ? ErrorClass.Throttled : null);
        var controller = new Controller<Widget>(
            new ControllerDefinition<Widget>("throttled", Widget.Kind, _reconciler) { Queue = Timing, ErrorClassifier = classifier },
            _informer, [], new Finalizers(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" })),
            _time, NullLogger.Instance);

        await controller.ProcessAsync(_key, CancellationToken.None);
        controller.Queue.Add(new ObjectKey("default", "other"));

        Assert.False(controller.Queue.TryTake(out _));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(controller.Queue.TryTake(out var next));
        Assert.Equal("other", next.Name);
    }

    [Fact]
    public async Task An_object_being_deleted_without_a_finalizer_is_not_reconciled()
    {
        var deleting = Widget.Named("w");
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;
        _informer.Cache.Upsert(deleting);

        await _controller.ProcessAsync(_key, CancellationToken.None);

        Assert.Equal(0, _reconciler.Calls);
    }

    [Fact]
    public async Task Each_reconcile_is_counted_and_timed_under_the_stable_names()
    {
        var counted = new List<(string Instrument, string? Result)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        void Record<TValue>(System.Diagnostics.Metrics.Instrument instrument, TValue value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            string? controller = null, result = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "controller") controller = tag.Value as string;
                if (tag.Key == "result") result = tag.Value as string;
            }

            if (controller == "widgets")
                lock (counted) counted.Add((instrument.Name, result));
        }

        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();
        _reconciler.Next = _ => ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(1));

        await _controller.ProcessAsync(_key, CancellationToken.None);

        Assert.Contains((RuntimeTelemetry.ReconcileCount, "requeue"), counted);
        Assert.Contains((RuntimeTelemetry.ReconcileDuration, "requeue"), counted);
    }

    private sealed class ThrottledForTest : Exception;

    private sealed class ScriptedReconciler : IReconciler<Widget>
    {
        public Func<Widget, ReconcileResult> Next { get; set; } = _ => ReconcileResult.Done;

        public int Calls { get; private set; }

        public Task<ReconcileResult> ReconcileAsync(Widget resource, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Next(resource));
        }

        public Task<ReconcileResult> CleanupAsync(Widget resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Done);
    }
}
