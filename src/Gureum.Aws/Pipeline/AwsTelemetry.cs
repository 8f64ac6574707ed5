using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gureum.Aws.Pipeline;

/// <summary>The names under which the AWS layer reports; the host subscribes to these.</summary>
public static class AwsTelemetry
{
    public const string MeterName = "Gureum.Aws";
    public const string ActivitySourceName = "Gureum.Aws";

    /// <summary>Counter: one per request sent to AWS (each retry attempt counts), tagged service, operation, outcome.</summary>
    public const string CallsCounter = "gureum.aws.calls";

    /// <summary>Histogram in seconds of each request's latency, tagged service, operation, outcome.</summary>
    public const string CallDurationHistogram = "gureum.aws.call.duration";

    public const string ServiceTag = "service";
    public const string OperationTag = "operation";
    public const string OutcomeTag = "outcome";
    public const string RegionTag = "region";

    /// <summary>The outcome tag: "success", "network", "canceled", or the lower-case error kind ("throttled", "transient", ...).</summary>
    public const string SuccessOutcome = "success";
    public const string NetworkOutcome = "network";
    public const string CanceledOutcome = "canceled";

    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    internal static readonly Meter Meter = new(MeterName);
    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        CallsCounter, unit: "{call}", description: "Requests sent to AWS, retries included.");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram(
        CallDurationHistogram, unit: "s", description: "Latency of requests to AWS.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
}
