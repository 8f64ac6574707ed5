using System.Diagnostics;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Aws.Pipeline;
using Gureum.Aws.Route53;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using Gureum.Local.Aws.Faults;
using Gureum.Runtime;
using k8s;

namespace Gureum.Benchmarks.DnsConverge;

internal sealed record DnsConvergeSettings(int Count, TimeSpan Timeout, int Workers, bool Throttle);

/// <summary>
/// The benchmark: N DnsRecords in one zone, created through KubernetesClient while the
/// operator's controllers run in-process against the sandbox API and the AWS emulator with
/// Route53's real rate (10/s, burst 50) enforced. Converged = every object Ready and Route53
/// holding every record. Compared with the floor Route53's rate limit sets for the job.
/// </summary>
internal static class DnsConvergeBenchmark
{
    private const string ZoneName = "example.com";

    public static async Task<BenchmarkReport> RunAsync(DnsConvergeSettings settings, CancellationToken cancellationToken)
    {
        var report = new ReportBuilder("dns-converge")
            .Parameter("count", settings.Count).Parameter("workers", settings.Workers)
            .Parameter("route53_throttle", settings.Throttle ? "on (10/s, burst 50)" : "off")
            .Parameter("timeout_s", settings.Timeout.TotalSeconds);
        await using var cluster = await LocalCluster.StartAsync(cancellationToken);
        await using var emulator = await Emulator.StartAsync(cancellationToken);
        var limits = AwsRateLimits.Default;
        if (settings.Throttle)
            emulator.Faults.Set("route53", new ServiceFaults { Throttle = true });

        using var operatorAws = AwsClients.Create(Emulator.Settings(emulator, limits), TimeProvider.System);
        using var operatorClient = cluster.NewClient();
        var manager = new ControllerManager(operatorClient, new ControllerManagerOptions(), loggerFactory: null, TimeProvider.System);
        OperatorUnderTest.Register(manager, operatorClient, operatorAws, settings.Workers);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = manager.RunAsync(stop.Token);
        var records = Enumerable.Range(0, settings.Count).Select(i => SampleRecords.Build(i, ZoneName)).ToList();
        var existingBefore = 2; // the zone's NS and SOA

        // The convergence check lists Route53 through its own client; its requests are taken out of the figures.
        using var checker = AwsClients.Create(Emulator.Settings(emulator, limits), TimeProvider.System);
        Converged converged;
        TimeSpan createTime;
        long peakManaged, peakWorkingSet;
        await using (var memory = new MemorySampler(TimeSpan.FromMilliseconds(100)))
        {
            var clock = Stopwatch.StartNew();
            await SampleRecords.CreateAsync(cluster.Client, records, parallelism: 8, cancellationToken);
            createTime = clock.Elapsed;
            converged = await WaitForConvergenceAsync(cluster.Client, checker.Route53, records, clock, settings.Timeout, cancellationToken);
            peakManaged = memory.PeakManagedBytes;
            peakWorkingSet = memory.PeakWorkingSetBytes;
        }

        var checks = checker.Pipeline.Snapshot().ToDictionary(c => c.Operation, StringComparer.Ordinal);
        var route53Calls = emulator.Stats.RequestCounts.Where(p => p.Key.Service == "route53")
            .Select(p => (p.Key.Operation, Requests: p.Value - (checks.TryGetValue(p.Key.Operation, out var c) ? c.Attempts : 0)))
            .Where(p => p.Requests > 0)
            .OrderBy(p => p.Operation, StringComparer.Ordinal).ToList();
        // The checker's failed attempts can only be throttles (no other fault is on).
        var throttled = emulator.Stats.Faults("route53", FaultKind.Throttled) - checks.Values.Sum(c => c.Failures);
        var pipelineCalls = operatorAws.Pipeline.Snapshot().Where(c => c.Service == AwsService.Route53.Name).ToList();
        await stop.CancelAsync();
        await running;

        report.Add("converge_time", converged.Elapsed.TotalSeconds, "s", "time to converge (first create -> all Ready and in Route53)")
            .Add("create_time", createTime.TotalSeconds, "s", "time to create the objects (included above)")
            .Add("ready", converged.Ready, "objects", "objects Ready")
            .Add("in_route53", converged.InRoute53, "records", "records found in Route53");
        foreach (var (operation, requests) in route53Calls)
            report.Add($"route53_requests_{operation}", requests, "requests", $"Route53 requests received: {operation}");
        report.Add("route53_requests_total", route53Calls.Sum(p => p.Requests), "requests", "Route53 requests received: total")
            .Add("route53_throttled", throttled, "errors", "Throttling errors returned by Route53")
            .Add("route53_requests_check", checks.Values.Sum(c => c.Attempts), "requests", "(not counted above) the benchmark's own Route53 checks");
        foreach (var call in pipelineCalls)
            report.Add($"pipeline_attempts_{call.Operation}", call.Attempts, "attempts", $"pipeline attempts {call.Operation} (failed {call.Failures})");

        var floor = RateFloor.For(converged.RecordSets, existingBefore, limits.Route53.RequestsPerSecond);
        var totalRequests = route53Calls.Sum(p => p.Requests);
        // One floor and one ratio, the ratio computed from the two figures printed beside it.
        report.Add("floor_min_calls", floor.MinimumCalls, "calls", $"minimum Route53 calls ({floor.ChangeBatches} change batches for {converged.RecordSets.Count} record sets)")
            .Add("unbatched_min_calls", RateFloor.UnbatchedCalls(converged.RecordSets.Count, existingBefore), "calls", "minimum Route53 calls with one change per record set (what batching saves)")
            .Add("floor", floor.Time.TotalSeconds, "s", $"rate floor: minimum calls / {limits.Route53.RequestsPerSecond} per s")
            .Add("ratio_to_floor", floor.RatioOf(converged.Elapsed), "x", "converge time / rate floor")
            .Add("peak_managed", peakManaged / Bytes.PerMiB, "MiB", "peak managed heap (whole process)")
            .Add("peak_working_set", peakWorkingSet / Bytes.PerMiB, "MiB", "peak working set (whole process)")
            .Note($"Floor: the fewest Route53 requests for the job = 1 ListHostedZonesByName + ceil(existing sets / 300) ListResourceRecordSets + B ChangeResourceRecordSets + B GetChange, where B packs the {converged.RecordSets.Count} final record sets (records and their ownership TXT) greedily under 1,000 records and 32,000 value characters per batch; the rate floor pays each at Route53's sustained {limits.Route53.RequestsPerSecond}/s (the burst of {limits.Route53.Burst} is left out, so a small job can beat it: ratio below 1).")
            .Note($"The rate floor ignores Route53's propagation (the emulator's changes turn INSYNC after 2 s) and everything on the Kubernetes side (creating the objects, status writes). Compare route53_requests_total ({totalRequests}) with floor_min_calls to see the requests beyond the minimum.")
            .Note("Sandbox API server, AWS emulator, operator and load generator share one process: memory figures cover all of them.");
        return report.Build(succeeded: converged.Done);
    }

    private sealed record Converged(bool Done, TimeSpan Elapsed, int Ready, int InRoute53, IReadOnlyList<ResourceRecordSet> RecordSets);

    /// <summary>The shared convergence poll; Route53 is listed (with the checker's own client and bucket) once all are Ready.</summary>
    private static async Task<Converged> WaitForConvergenceAsync(
        IKubernetes client, IRoute53Client route53, IReadOnlyList<DnsRecord> records, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var zoneId = (await route53.FindHostedZonesAsync(ZoneName, cancellationToken)).Single().Id;
        IReadOnlyList<ResourceRecordSet> sets = [];
        var result = await Convergence.WaitAsync(client, records, async token =>
        {
            sets = await route53.ListAllResourceRecordSetsAsync(zoneId, token);
            return records.Count(r => sets.Any(s => Convergence.Matches(r, s.Name, s.Type, s.Values)));
        }, clock, timeout, cancellationToken);
        return new Converged(result.Done, result.Elapsed, result.Ready, result.InAws, sets.Where(s => s.Type is not ("NS" or "SOA")).ToList());
    }
}
