using Gureum.Aws.Pipeline;
using Gureum.Runtime;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gureum.Operator.Hosting;

/// <summary>Metrics of the runtime and the AWS layer on /metrics; traces to OTLP when an endpoint is configured.</summary>
internal static class Telemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void Add(IServiceCollection services, bool exportTraces)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gureum"))
            .WithMetrics(metrics => metrics
                .AddMeter(RuntimeTelemetry.MeterName, AwsTelemetry.MeterName)
                // The SDK's default buckets are milliseconds even for unit "s".
                .AddView(RuntimeTelemetry.ReconcileDuration, Seconds(RuntimeTelemetry.DurationBucketsSeconds))
                .AddView(AwsTelemetry.CallDurationHistogram, Seconds(AwsTelemetry.DurationBuckets))
                .AddPrometheusExporter());
        if (exportTraces)
            telemetry.WithTracing(tracing => tracing
                .AddSource(RuntimeTelemetry.ActivitySourceName, AwsTelemetry.ActivitySourceName)
                .AddOtlpExporter());
    }

    private static ExplicitBucketHistogramConfiguration Seconds(IReadOnlyList<double> buckets) =>
        new() { Boundaries = [.. buckets] };
}
