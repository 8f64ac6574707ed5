using System.Diagnostics;
using Gureum.Benchmarks.Reporting;
using Gureum.Runtime.Queue;

namespace Gureum.Benchmarks.Benchmarks;

internal sealed record WorkQueueSettings(int Adds, int Keys, int Workers, int Producers, int Seed);

/// <summary>
/// Throughput of the runtime's WorkQueue: producers add random keys from a fixed set (so many adds
/// collapse into one queued key, as informer events for a busy object do) while workers take and
/// finish keys with no work in between. Measures the queue's own cost, not a reconciler's.
/// </summary>
internal static class WorkQueueBenchmark
{
    public static async Task<BenchmarkReport> RunAsync(WorkQueueSettings settings, CancellationToken cancellationToken)
    {
        var queue = new WorkQueue<string>(new QueueOptions(), TimeProvider.System);
        var keys = Enumerable.Range(0, settings.Keys).Select(i => $"default/record-{i}").ToArray();
        long processed = 0;
        var busy = 0;

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();

        var workers = Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (taken, key) = await queue.TakeAsync(cancellationToken);
                if (!taken)
                    return;
                Interlocked.Increment(ref busy);
                Interlocked.Increment(ref processed);
                queue.Done(key);
                Interlocked.Decrement(ref busy);
            }
        }, cancellationToken)).ToArray();

        var perProducer = settings.Adds / settings.Producers;
        var producers = Enumerable.Range(0, settings.Producers).Select(p => Task.Run(() =>
        {
            var random = new Random(settings.Seed + p);
            for (var i = 0; i < perProducer; i++)
                queue.Add(keys[random.Next(keys.Length)]);
        }, cancellationToken)).ToArray();

        await Task.WhenAll(producers);
        var addsDone = clock.Elapsed;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            while (queue.Depth > 0 || Volatile.Read(ref busy) > 0)
                await Task.Delay(1, deadline.Token);
        }
        var drained = clock.Elapsed;
        queue.ShutDown();
        await Task.WhenAll(workers);

        var adds = (long)perProducer * settings.Producers;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new ReportBuilder("workqueue")
            .Parameter("adds", adds).Parameter("keys", settings.Keys).Parameter("workers", settings.Workers)
            .Parameter("producers", settings.Producers).Parameter("seed", settings.Seed)
            .Add("add_rate", adds / addsDone.TotalSeconds, "adds/s", "adds per second (all producers)")
            .Add("drain_time", drained.TotalMilliseconds, "ms", "time until every add was processed")
            .Add("processed", processed, "takes", "keys handed to workers")
            .Add("process_rate", processed / drained.TotalSeconds, "takes/s", "takes per second")
            .Add("dedup", adds == 0 ? 0 : 1 - (double)processed / adds, "fraction", "adds absorbed by dedup")
            .Add("allocated_per_add", (double)allocated / Math.Max(1, adds), "bytes", "allocated per add")
            .Add("gen0_collections", GC.CollectionCount(0) - gen0Before, "")
            .Note("Workers do no work between take and done, so this is the queue's ceiling; a key re-added while in flight is processed once more after done.")
            .Build(succeeded: processed > 0 && processed <= adds);
    }
}
