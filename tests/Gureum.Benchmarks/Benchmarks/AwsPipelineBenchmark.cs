using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime.Signing;
using Gureum.Aws;
using Gureum.Aws.Pipeline;
using Gureum.Aws.Route53;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;

namespace Gureum.Benchmarks.Benchmarks;

internal sealed record AwsPipelineSettings(int Calls, int Warmup, int Concurrency, int Records);

/// <summary>
/// What Gureum.Aws's call pipeline (retry, token bucket, metrics, Activity, error parsing) costs per
/// call: Route53 ListResourceRecordSets through the full client, compared with the same signed GET
/// sent straight through HttpClient, and the pipeline alone around a call that does nothing.
/// The emulator has no faults and the bucket is sized never to wait.
/// </summary>
internal static class AwsPipelineBenchmark
{
    public static async Task<BenchmarkReport> RunAsync(AwsPipelineSettings settings, CancellationToken cancellationToken)
    {
        var report = new ReportBuilder("aws-pipeline")
            .Parameter("calls", settings.Calls).Parameter("warmup", settings.Warmup)
            .Parameter("concurrency", settings.Concurrency).Parameter("records_in_zone", settings.Records);
        await using var emulator = await Emulator.StartAsync(cancellationToken);
        using var aws = AwsClients.Create(Emulator.Settings(emulator, Emulator.Unlimited), TimeProvider.System);
        var zone = (await aws.Route53.FindHostedZonesAsync(Emulator.Zone, cancellationToken)).Single();
        await SeedAsync(aws.Route53, zone.Id, settings.Records, cancellationToken);

        // 1. The pipeline alone: no I/O at all.
        var call = new AwsCall(AwsService.Route53, emulator.Region, "Noop", Mutating: false);
        var pipelineOnly = await MeasureAsync(settings, _ => aws.Pipeline.ExecuteAsync(call, _ => Task.FromResult(0), cancellationToken));
        report.Add("pipeline_only_rate", pipelineOnly.Calls / pipelineOnly.Elapsed.TotalSeconds, "calls/s", "pipeline around a no-op: rate")
            .Add("pipeline_only_mean", pipelineOnly.Latencies.MeanMs * 1000, "µs", "pipeline around a no-op: mean")
            .Add("pipeline_only_p99", pipelineOnly.Latencies.PercentileMs(99) * 1000, "µs", "pipeline around a no-op: p99");

        // 2. The same request without the pipeline: signed by AWSSDK.Core, sent, parsed.
        using var raw = RawClient(emulator);
        var path = new Uri(emulator.Endpoint, $"2013-04-01/hostedzone/{zone.Id}/rrset?maxitems=300");
        var direct = await MeasureAsync(settings, async _ =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, path);
            message.Options.Set(new HttpRequestOptionsKey<string>(SigV4SigningHandler.ServiceOptionKey), "route53");
            message.Options.Set(new HttpRequestOptionsKey<string>(SigV4SigningHandler.RegionOptionKey), "us-east-1");
            using var response = await raw.SendAsync(message, cancellationToken);
            response.EnsureSuccessStatusCode();
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return XDocument.Parse(text).Root!.Elements().Count();
        });
        Add(report, "direct", "signed HttpClient, no pipeline", direct);

        // 3. The Route53 client through the pipeline.
        var client = await MeasureAsync(settings, async _ =>
            (await aws.Route53.ListResourceRecordSetsAsync(zone.Id, null, 300, cancellationToken)).RecordSets.Count);
        Add(report, "route53_client", "Route53Client via pipeline", client);

        report.Add("overhead_p50", client.Latencies.PercentileMs(50) - direct.Latencies.PercentileMs(50), "ms", "route53_client p50 - direct p50")
            .Add("overhead_mean", client.Latencies.MeanMs - direct.Latencies.MeanMs, "ms", "route53_client mean - direct mean");
        var attempts = aws.Pipeline.Attempts(AwsService.Route53, "ListResourceRecordSets");
        var failures = aws.Pipeline.Snapshot().Where(c => c.Operation == "ListResourceRecordSets").Sum(c => c.Failures);
        report.Add("pipeline_attempts", attempts, "calls", "pipeline attempts counted (ListResourceRecordSets)")
            .Add("pipeline_failures", failures, "calls");
        return report
            .Note("Each page holds the zone's NS, SOA and seeded A records (up to 300). Both paths sign with AWSSDK.Core's SigV4 and parse the XML; the difference is the pipeline plus the client's model mapping.")
            .Note("Emulator, client and load generator share the process and its 2 cores: latencies include the server side.")
            .Build(succeeded: failures == 0 && attempts == settings.Calls + settings.Warmup);
    }

    private sealed record Measurement(Latencies Latencies, TimeSpan Elapsed, int Calls);

    private static async Task<Measurement> MeasureAsync(AwsPipelineSettings settings, Func<int, Task<int>> once)
    {
        for (var i = 0; i < settings.Warmup; i++)
            await once(i);
        var samples = new TimeSpan[settings.Calls];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Calls), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency },
            async (i, _) =>
            {
                var started = Stopwatch.GetTimestamp();
                await once(i);
                samples[i] = Stopwatch.GetElapsedTime(started);
            });
        return new Measurement(new Latencies(samples), clock.Elapsed, settings.Calls);
    }

    private static void Add(ReportBuilder report, string key, string label, Measurement m) => report
        .Add($"{key}_rate", m.Calls / m.Elapsed.TotalSeconds, "calls/s", $"{label}: rate")
        .Add($"{key}_p50", m.Latencies.PercentileMs(50), "ms", $"{label}: p50")
        .Add($"{key}_p99", m.Latencies.PercentileMs(99), "ms", $"{label}: p99");

    private static HttpClient RawClient(Local.Aws.AwsEmulator emulator) => new(new SigV4SigningHandler(
        Emulator.Credentials(emulator), RegionEndpoint.GetBySystemName(emulator.Region), "route53",
        new SocketsHttpHandler { AllowAutoRedirect = false }));

    private static async Task SeedAsync(IRoute53Client route53, string zoneId, int records, CancellationToken cancellationToken)
    {
        var changes = Enumerable.Range(0, records)
            .Select(i => new RecordChange(ChangeAction.Create, ResourceRecordSet.Simple(
                string.Create(CultureInfo.InvariantCulture, $"seed-{i:D4}.example.com."), "A", 300,
                string.Create(CultureInfo.InvariantCulture, $"10.1.{i / 256}.{i % 256}"))))
            .ToList();
        foreach (var batch in changes.Chunk(500))
            await route53.ChangeResourceRecordSetsAsync(zoneId, batch, "benchmark seed", cancellationToken);
    }
}
