using System.Diagnostics;
using Gureum.Api.V1Alpha1;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using Gureum.Runtime.Cache;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gureum.Benchmarks.Benchmarks;

internal sealed record RuntimeCacheSettings(int Count, int Updates, int Parallelism);

/// <summary>
/// The runtime's informer against the sandbox: time to list N DnsRecords into the cache (sync),
/// the managed bytes the cache holds per object, and how fast watched updates reach the cache.
/// </summary>
internal static class RuntimeCacheBenchmark
{
    public static async Task<BenchmarkReport> RunAsync(RuntimeCacheSettings settings, CancellationToken cancellationToken)
    {
        var report = new ReportBuilder("runtime-cache")
            .Parameter("count", settings.Count).Parameter("updates", settings.Updates).Parameter("parallelism", settings.Parallelism);
        await using var cluster = await LocalCluster.StartAsync(cancellationToken);

        var created = Stopwatch.StartNew();
        await SampleRecords.CreateAsync(cluster.Client, Enumerable.Range(0, settings.Count).Select(i => SampleRecords.Build(i, "example.com")),
            settings.Parallelism, cancellationToken);
        report.Add("create_rate", settings.Count / created.Elapsed.TotalSeconds, "objects/s", "sandbox create rate (setup)");

        using var informerClient = cluster.NewClient();
        var baseline = Bytes.LiveManaged();
        var informer = new Informer<DnsRecord>(informerClient, Gureum.Controllers.GureumControllers.DnsRecordKind, null, TimeProvider.System, NullLogger.Instance);
        var modified = 0;
        informer.Subscribe(e =>
        {
            if (e.Type == WatchEventType.Modified)
                Interlocked.Increment(ref modified);
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sync = Stopwatch.StartNew();
        var running = informer.RunAsync(stop.Token);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(TimeSpan.FromMinutes(5));
            await informer.WaitForSyncAsync(deadline.Token);
        }
        var syncTime = sync.Elapsed;
        var cached = informer.Cache.List().Count;
        var withCache = Bytes.LiveManaged();
        report.Add("sync_time", syncTime.TotalMilliseconds, "ms", "list into cache (sync)")
            .Add("sync_rate", cached / syncTime.TotalSeconds, "objects/s", "objects synced per second")
            .Add("cached", cached, "objects")
            .Add("bytes_per_object", (double)(withCache - baseline) / Math.Max(1, cached), "bytes", "managed bytes per cached object")
            .Add("cache_total", (withCache - baseline) / Bytes.PerMiB, "MiB", "managed bytes held by informer+cache");

        // Watch: label patches by another client reach the cache as Modified events.
        var patch = new V1Patch("""{"metadata":{"labels":{"bench":"touched"}}}""", V1Patch.PatchType.MergePatch);
        var kind = DnsRecord.Definition;
        var watched = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Min(settings.Updates, settings.Count)),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (i, token) => await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                patch, kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, SampleRecords.Build(i, "example.com").Metadata.Name,
                cancellationToken: token));
        var expected = Math.Min(settings.Updates, settings.Count);
        var watchOk = await Poll.UntilAsync(() => Volatile.Read(ref modified) >= expected, TimeSpan.FromMinutes(2), cancellationToken);
        report.Add("watch_updates", Volatile.Read(ref modified), "events", "Modified events seen")
            .Add("watch_time", watched.Elapsed.TotalMilliseconds, "ms", "patch all + see all in cache")
            .Add("watch_rate", expected / watched.Elapsed.TotalSeconds, "updates/s", "updates end to end per second");

        await stop.CancelAsync();
        await running;
        GC.KeepAlive(informer);
        return report
            .Note("bytes_per_object = (live managed heap after sync - before) / cached objects, both after a full compacting GC; includes the cache's dictionaries and indexes.")
            .Note("The sandbox API server runs in the same process and shares the 2 cores; its list cost is part of sync_time.")
            .Build(succeeded: cached == settings.Count && watchOk);
    }
}
