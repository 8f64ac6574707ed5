using System.Diagnostics;
using Gureum.Api.V1Alpha1;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using k8s;

namespace Gureum.Benchmarks.Benchmarks;

internal sealed record SandboxWritesSettings(int Count, int Parallelism);

/// <summary>
/// The sandbox's own cost with a state folder: N DnsRecords created, then each patched once,
/// each request timed. With a store that rewrites all its state per write the cost of the last
/// writes grows with N (N squared in all); with a journal it stays flat.
/// </summary>
internal static class SandboxWritesBenchmark
{
    public static async Task<BenchmarkReport> RunAsync(SandboxWritesSettings settings, CancellationToken cancellationToken)
    {
        var report = new ReportBuilder("sandbox-writes").Parameter("count", settings.Count).Parameter("parallelism", settings.Parallelism);
        var stateDir = Path.Combine(Path.GetTempPath(), "gureum-bench-writes-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var cluster = await LocalCluster.StartAsync(cancellationToken, stateDir))
            {
                var records = Enumerable.Range(0, settings.Count).Select(i => SampleRecords.Build(i, "example.com")).ToList();
                var kind = DnsRecord.Definition;
                var createTimes = new TimeSpan[records.Count];
                var total = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, records.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                    async (i, token) =>
                    {
                        var one = Stopwatch.StartNew();
                        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
                            records[i], kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, cancellationToken: token);
                        createTimes[i] = one.Elapsed;
                    });
                var createTotal = total.Elapsed;
                var patchTimes = new TimeSpan[records.Count];
                total.Restart();
                await Parallel.ForEachAsync(Enumerable.Range(0, records.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                    async (i, token) =>
                    {
                        var patch = new k8s.Models.V1Patch("{\"metadata\":{\"labels\":{\"bench\":\"patched\"}}}", k8s.Models.V1Patch.PatchType.MergePatch);
                        var one = Stopwatch.StartNew();
                        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                            patch, kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, records[i].Metadata.Name, cancellationToken: token);
                        patchTimes[i] = one.Elapsed;
                    });
                var patchTotal = total.Elapsed;
                var creates = new Latencies(createTimes);
                var lastCreates = new Latencies(createTimes.Skip(createTimes.Length * 9 / 10));
                var patches = new Latencies(patchTimes);
                report.Add("create_rate", records.Count / createTotal.TotalSeconds, "writes/s", "creates per second")
                    .Add("create_p50", creates.PercentileMs(50), "ms", "create latency p50")
                    .Add("create_p99", creates.PercentileMs(99), "ms", "create latency p99")
                    .Add("create_last10pct_p50", lastCreates.PercentileMs(50), "ms", "create latency p50 of the last 10% (store fullest)")
                    .Add("patch_rate", records.Count / patchTotal.TotalSeconds, "writes/s", "merge patches per second (N objects stored)")
                    .Add("patch_p50", patches.PercentileMs(50), "ms", "patch latency p50")
                    .Add("patch_p99", patches.PercentileMs(99), "ms", "patch latency p99");
            }
            var bytes = Directory.EnumerateFiles(stateDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            report.Add("state_bytes", bytes / Bytes.PerMiB, "MiB", "state folder size after the run")
                .Note("The sandbox runs in-process with a state folder; each request is timed from the client (KubernetesClient over plain HTTP).");
            var restart = Stopwatch.StartNew();
            await using (var reopened = await LocalCluster.StartAsync(cancellationToken, stateDir, installCrds: false))
            {
                var kind = DnsRecord.Definition;
                var list = await reopened.Client.CustomObjects.ListNamespacedCustomObjectAsync<GureumResourceList<DnsRecord>>(
                    kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, cancellationToken: cancellationToken);
                report.Add("restart_time", restart.Elapsed.TotalSeconds, "s", "restart on the state folder until the list answers")
                    .Add("objects_after_restart", list.Items.Count, "objects", "DnsRecords found after the restart");
                return report.Build(succeeded: list.Items.Count == settings.Count);
            }
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }
}
