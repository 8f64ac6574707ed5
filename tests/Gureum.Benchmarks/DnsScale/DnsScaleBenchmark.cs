using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Benchmarks.DnsConverge;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using Gureum.Local.Aws.Faults;
using Gureum.Local.Aws.Route53;
using Gureum.Runtime.Cache;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gureum.Benchmarks.DnsScale;

internal sealed record DnsScaleSettings(
    int Count, int Zones, int Workers, TimeSpan DriftInterval, int DriftPasses, int DriftChanges, int NewObjects, TimeSpan Timeout);

/// <summary>
/// The operator measured alone: the sandbox and the emulator run in this process, the operator as
/// its own <c>gureum run</c> process (memory and CPU read from /proc). N DnsRecords over Z zones:
/// convergence against the floor, AWS calls per drift pass at steady state, drift detection
/// latency, the first reconcile of a new object with N settled, the operator's RSS and CPU.
/// </summary>
internal static class DnsScaleBenchmark
{
    public static async Task<BenchmarkReport> RunAsync(DnsScaleSettings settings, CancellationToken cancellationToken)
    {
        var report = new ReportBuilder("dns-scale")
            .Parameter("count", settings.Count).Parameter("zones", settings.Zones).Parameter("workers", settings.Workers)
            .Parameter("drift_interval_s", settings.DriftInterval.TotalSeconds).Parameter("drift_passes_measured", settings.DriftPasses)
            .Parameter("drift_changes", settings.DriftChanges).Parameter("new_objects", settings.NewObjects)
            .Parameter("route53_throttle", "on (10/s, burst 50)");
        var zones = Enumerable.Range(0, settings.Zones).Select(z => string.Create(CultureInfo.InvariantCulture, $"zone{z}.example.com")).ToList();
        await using var cluster = await LocalCluster.StartAsync(cancellationToken);
        await using var emulator = await Emulator.StartAsync(cancellationToken, [.. zones.Select(z => z + ".")]);
        emulator.Faults.Set("route53", new ServiceFaults { Throttle = true });
        var route53 = emulator.Route53.Store;
        var kubeconfig = cluster.WriteKubeconfig("dns-scale");

        await using var benchmarkMemory = new MemorySampler(TimeSpan.FromMilliseconds(250));
        await using var gureum = await OperatorProcess.StartAsync(kubeconfig, emulator,
            ["--cluster-id", "benchmark", "--workers", settings.Workers.ToString(CultureInfo.InvariantCulture),
             "--drift-interval", OperatorProcess.Duration(settings.DriftInterval)], cancellationToken);
        await using var rss = new RssSampler(gureum.Usage, TimeSpan.FromMilliseconds(250));
        var idle = gureum.Usage();
        report.Add("operator_rss_idle", idle.RssBytes / Bytes.PerMiB, "MiB", "operator RSS once ready, no objects");

        // 1. Convergence from an empty account.
        var records = Enumerable.Range(0, settings.Count).Select(i => SampleRecords.Build(i, zones[i % zones.Count])).ToList();
        var clock = Stopwatch.StartNew();
        await SampleRecords.CreateAsync(cluster.Client, records, parallelism: 8, cancellationToken);
        var converged = await Convergence.WaitAsync(cluster.Client, records, _ => Task.FromResult(EmulatorRecords.CountHeld(route53, records)), clock, settings.Timeout, cancellationToken);
        var afterConverge = gureum.Usage();
        var sets = EmulatorRecords.SetsByZone(route53)
            .Select(zone => zone.Select(s => new Gureum.Aws.Route53.ResourceRecordSet(s.Name, s.Type, s.Ttl, s.Values)).ToList()).ToList();
        var floorCalls = sets.Sum(zoneSets => RateFloor.For(zoneSets, existingBeforeJob: 2, 10).MinimumCalls);
        var floor = TimeSpan.FromSeconds(floorCalls / 10.0) + TimeSpan.FromSeconds(2);
        report.Add("converge_time", converged.Elapsed.TotalSeconds, "s", "converge (first create -> all Ready and in Route53)")
            .Add("converged", converged.Ready, "objects", "objects Ready")
            .Add("floor_min_calls", floorCalls, "calls", $"fewest Route53 calls for the job over {settings.Zones} zones")
            .Add("floor", floor.TotalSeconds, "s", "floor: fewest calls at 10/s + Route53's INSYNC delay (2 s)")
            .Add("ratio_to_floor", converged.Elapsed / floor, "x", "converge time / floor")
            .Add("route53_requests_converge", emulator.Stats.Requests("route53"), "requests", "Route53 requests until converged");
        // By operation: where the requests beyond the floor went (change batches, their GetChange polls, zone listings).
        foreach (var (key, value) in emulator.Stats.RequestCounts.Where(p => p.Key.Service == "route53").OrderBy(p => p.Key.Operation, StringComparer.Ordinal))
            report.Add($"route53_requests_converge_{key.Operation}", value, "requests", $"  of which {key.Operation}");
        report.Add("route53_throttled_converge", emulator.Stats.Faults("route53", FaultKind.Throttled), "errors", "Route53 Throttling errors until converged")
            .Add("operator_cpu_converge", (afterConverge.Cpu - idle.Cpu).TotalSeconds, "s", "operator CPU time (user+system) to converge")
            .Add("operator_rss_peak_converge", afterConverge.PeakRssBytes / Bytes.PerMiB, "MiB", "operator peak RSS (VmHWM) while converging");
        if (!converged.Done)
            return report.Note(gureum.Tail).Build(succeeded: false);

        // 2. Steady state: one drift interval to settle, then the passes measured.
        (await SteadyState.MeasureAsync(emulator, gureum, rss, settings.DriftInterval, settleIntervals: 1, settings.DriftPasses, cancellationToken)).AddTo(report);

        // 3. Drift: records changed out of band (in the emulator's store, no API budget spent), timed until corrected.
        var random = new Random(1);
        var drifted = records.Where(r => r.Spec.Type == DnsRecordType.A).OrderBy(_ => random.Next()).Take(settings.DriftChanges).ToList();
        var changedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in drifted)
        {
            var zone = route53.Zones().Single(z => z.Zone.Name.TrimEnd('.') == record.Spec.Zone.Name);
            var set = route53.ListRecords(zone.Zone.Id, null, 1_000_000).Records.Single(s => Convergence.Matches(record, s.Name, s.Type, s.Values));
            route53.Change(zone.Zone.Id, [new RecordChange(ChangeAction.Upsert, set with { Values = ["192.0.2.250"] })], "out of band");
            changedAt[record.Metadata.Name] = Stopwatch.GetTimestamp();
        }
        var driftLatencies = await TimeUntilAsync(drifted, changedAt, record => EmulatorRecords.CountHeld(route53, [record]) == 1,
            settings.DriftInterval * 3, TimeSpan.FromMilliseconds(200), cancellationToken);
        var drift = new Latencies(driftLatencies.Values);
        report.Add("drift_corrected", drift.Count, "records", $"of {drifted.Count} changed out of band, corrected")
            .Add("drift_latency_p50", drift.PercentileMs(50) / 1000, "s", "change out of band -> corrected, p50")
            .Add("drift_latency_p99", drift.PercentileMs(99) / 1000, "s", "change out of band -> corrected, p99");

        // 4. New objects applied one at a time with N settled: time to the first status written, and to Ready.
        var (firstStatus, ready) = await FirstReconcileAsync(cluster, settings, zones, cancellationToken);
        report.Add("first_reconcile_p50", firstStatus.PercentileMs(50), "ms", $"new object -> first status written, p50 ({firstStatus.Count} objects)")
            .Add("first_reconcile_p99", firstStatus.PercentileMs(99), "ms", "new object -> first status written, p99")
            .Add("new_ready_p50", ready.PercentileMs(50), "ms", "new object -> Ready (INSYNC), p50")
            .Add("new_ready_p99", ready.PercentileMs(99), "ms", "new object -> Ready (INSYNC), p99");

        var end = gureum.Usage();
        report.Add("operator_rss_peak", end.PeakRssBytes / Bytes.PerMiB, "MiB", "operator peak RSS (VmHWM) over the run")
            .Add("operator_cpu_total", end.Cpu.TotalSeconds, "s", "operator CPU time over the run")
            .Add("rest_working_set_peak", benchmarkMemory.PeakWorkingSetBytes / Bytes.PerMiB, "MiB", "peak working set of the rest (sandbox + emulator + load generator, this process)")
            .Note("The operator is `gureum run` in its own process; its memory is /proc/PID/status VmRSS (steady: mean of 4 samples/s) and VmHWM (peak), its CPU utime+stime from /proc/PID/stat.")
            .Note("Calls per pass = emulator requests during the measured passes / passes; nothing else calls the emulator then (the benchmark reads Route53's store in-process).")
            .Note("Drift: A records upserted to another value in the emulator's store; corrected = Route53 holds the spec's value again (polled in-process every 200 ms).");
        var ok = converged.Done && drift.Count == drifted.Count && firstStatus.Count == settings.NewObjects && !gureum.HasExited;
        return report.Build(succeeded: ok);
    }

    /// <summary>Polls until <paramref name="done"/> holds for each item; returns the time from its start to then, for those that got there.</summary>
    private static async Task<Dictionary<string, TimeSpan>> TimeUntilAsync(
        IReadOnlyList<DnsRecord> items, IReadOnlyDictionary<string, long> startedAt, Func<DnsRecord, bool> done,
        TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        await Poll.UntilAsync(() =>
        {
            foreach (var item in items.Where(i => !result.ContainsKey(i.Metadata.Name)))
            {
                if (done(item))
                    result[item.Metadata.Name] = Stopwatch.GetElapsedTime(startedAt[item.Metadata.Name]);
            }
            return Task.FromResult(result.Count == items.Count);
        }, timeout, interval, cancellationToken);
        return result;
    }

    /// <summary>Creates new records one at a time (every 200 ms); an informer sees their first status and their Ready.</summary>
    private static async Task<(Latencies FirstStatus, Latencies Ready)> FirstReconcileAsync(
        LocalCluster cluster, DnsScaleSettings settings, IReadOnlyList<string> zones, CancellationToken cancellationToken)
    {
        var created = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var firstStatus = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var ready = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        using var client = cluster.NewClient();
        var informer = new Informer<DnsRecord>(client, Gureum.Controllers.GureumControllers.DnsRecordKind, null, TimeProvider.System, NullLogger.Instance);
        informer.Subscribe(e =>
        {
            var name = e.Resource.Metadata.Name;
            if (!created.TryGetValue(name, out var start))
                return;
            if (e.Resource.Status?.ObservedGeneration is >= 1)
                firstStatus.TryAdd(name, Stopwatch.GetElapsedTime(start));
            if (Convergence.IsReady(e.Resource.Status))
                ready.TryAdd(name, Stopwatch.GetElapsedTime(start));
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(cancellationToken);
        var kind = DnsRecord.Definition;
        for (var i = 0; i < settings.NewObjects; i++)
        {
            var index = settings.Count + i;
            var record = SampleRecords.Build(index, zones[index % zones.Count]);
            // Registered before the create is sent, so the informer cannot see the object first: the create request is part of the time.
            created[record.Metadata.Name] = Stopwatch.GetTimestamp();
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(record, kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, cancellationToken: cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        await Poll.UntilAsync(() => ready.Count == settings.NewObjects, TimeSpan.FromSeconds(60), cancellationToken);
        await stop.CancelAsync();
        await running;
        return (new Latencies(firstStatus.Values), new Latencies(ready.Values));
    }
}
