using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gureum.Runtime;

/// <summary>Stable names of the runtime's meter, instruments and spans, for the host to subscribe to.</summary>
public static class RuntimeTelemetry
{
    public const string MeterName = "Gureum.Runtime";
    public const string ActivitySourceName = "Gureum.Runtime";

    /// <summary>Counter; tags <c>controller</c>, <c>result</c> (done, requeue, transient, throttled, terminal).</summary>
    public const string ReconcileCount = "gureum.reconcile.count";

    /// <summary>Histogram in seconds; tags <c>controller</c>, <c>result</c>.</summary>
    public const string ReconcileDuration = "gureum.reconcile.duration";

    /// <summary>Gauge; tag <c>controller</c>: keys waiting (ready or scheduled).</summary>
    public const string QueueDepth = "gureum.queue.depth";

    /// <summary>Counter; tags <c>controller</c>, <c>reason</c> (transient, throttled): requeues after an error.</summary>
    public const string Retries = "gureum.reconcile.retries";

    /// <summary>Span name of one reconcile; tags <c>gureum.controller</c>, <c>gureum.key</c>, <c>gureum.result</c>.</summary>
    public const string ReconcileSpan = "reconcile";

    public static readonly IReadOnlyList<double> DurationBucketsSeconds =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    internal static readonly ActivitySource Source = new(ActivitySourceName);
    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Reconciles =
        Meter.CreateCounter<long>(ReconcileCount, unit: "{reconcile}", description: "Reconciles by controller and result");

    internal static readonly Histogram<double> Durations = Meter.CreateHistogram(
        ReconcileDuration, unit: "s", description: "Duration of one reconcile",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBucketsSeconds });

    internal static readonly Counter<long> RetryCount =
        Meter.CreateCounter<long>(Retries, unit: "{retry}", description: "Requeues after an error");

    private static readonly ConcurrentDictionary<string, Func<int>> Depths = new(StringComparer.Ordinal);

    private static readonly ObservableGauge<int> DepthGauge = Meter.CreateObservableGauge(
        QueueDepth,
        () => Depths.Select(pair => new Measurement<int>(pair.Value(), new KeyValuePair<string, object?>("controller", pair.Key))),
        unit: "{key}", description: "Keys waiting in a controller's queue");

    internal static void TrackQueue(string controller, Func<int> depth) => Depths[controller] = depth;

    internal static void UntrackQueue(string controller) => Depths.TryRemove(controller, out _);

    internal static bool GaugeEnabled => DepthGauge.Enabled;
}
