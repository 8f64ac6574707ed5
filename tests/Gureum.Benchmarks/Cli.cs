using System.CommandLine;
using Gureum.Benchmarks.Benchmarks;
using Gureum.Benchmarks.DnsConverge;
using Gureum.Benchmarks.IgConverge;
using Gureum.Benchmarks.KindsScale;
using Gureum.Benchmarks.LbConverge;
using Gureum.Benchmarks.DnsScale;
using Gureum.Benchmarks.Reporting;

namespace Gureum.Benchmarks;

/// <summary>`dotnet run -c Release --project tests/Gureum.Benchmarks -- NAME [options]`: one command per benchmark.</summary>
internal static class Cli
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON instead of text.", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("Gureum benchmarks: bounded, on 127.0.0.1, printing one result block each.");
        root.Options.Add(Json);
        root.Subcommands.Add(DnsConverge());
        root.Subcommands.Add(LbConverge());
        root.Subcommands.Add(IgConverge());
        root.Subcommands.Add(RuntimeCache());
        root.Subcommands.Add(WorkQueue());
        root.Subcommands.Add(AwsPipeline());
        root.Subcommands.Add(SandboxWrites());
        root.Subcommands.Add(DnsScale());
        root.Subcommands.Add(Failover());
        root.Subcommands.Add(KindsScale());
        return root;
    }

    private static Command DnsConverge()
    {
        var count = IntOption("--count", 1000, "DnsRecords to create in one zone (100 for a quick run).");
        var timeout = IntOption("--timeout", 900, "Give up after this many seconds.");
        var workers = IntOption("--workers", 4, "Reconcile workers of the DnsRecord controller.");
        var noThrottle = new Option<bool>("--no-throttle") { Description = "Do not enforce Route53's rate in the emulator." };
        var command = new Command("dns-converge", "N DnsRecords against the emulator with Route53's rate enforced: time to converge vs. the rate-limit floor.")
        {
            count, timeout, workers, noThrottle,
        };
        command.SetAction((result, token) => RunAsync(result, () => DnsConvergeBenchmark.RunAsync(new DnsConvergeSettings(
            result.GetValue(count), TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(workers), !result.GetValue(noThrottle)), token)));
        return command;
    }

    private static Command LbConverge()
    {
        var count = IntOption("--count", 200, "LoadBalancers to create (20 for a quick run).");
        var timeout = ConvergeTimeoutOption(900);
        var workers = IntOption("--workers", 4, "Reconcile workers (the LoadBalancer controller runs at least 20: a lookup batches the passes running at once).");
        var drift = DriftIntervalOption(10);
        var passes = FullReadPassesOption();
        var noThrottle = new Option<bool>("--no-throttle") { Description = "Do not enforce ELBv2's rates in the emulator." };
        var command = new Command("lb-converge", "N LoadBalancers against the emulator with ELBv2's rates enforced: time to converge vs. the rate-limit floor, and calls per drift pass.")
        {
            count, timeout, workers, drift, passes, noThrottle,
        };
        command.SetAction((result, token) => RunAsync(result, () => LbConvergeBenchmark.RunAsync(new LbConvergeSettings(
            result.GetValue(count), TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(workers),
            TimeSpan.FromSeconds(result.GetValue(drift)), result.GetValue(passes), !result.GetValue(noThrottle)), token)));
        return command;
    }

    private static Command IgConverge()
    {
        var count = IntOption("--count", 200, "InstanceGroups to create (20 for a quick run).");
        var timeout = ConvergeTimeoutOption(900);
        var workers = IntOption("--workers", 4, "Reconcile workers (the InstanceGroup controller runs at least 100: a lookup batches the passes running at once).");
        var drift = DriftIntervalOption(10);
        var passes = FullReadPassesOption();
        var speedUp = ClockSpeedUpOption();
        var noThrottle = new Option<bool>("--no-throttle") { Description = "Do not enforce EC2's and Auto Scaling's rates in the emulator." };
        var command = new Command("ig-converge", "N InstanceGroups against the emulator with EC2's and Auto Scaling's rates enforced: time to converge vs. the rate-limit floor, and calls per drift pass.")
        {
            count, timeout, workers, drift, passes, speedUp, noThrottle,
        };
        command.SetAction((result, token) => RunAsync(result, () => IgConvergeBenchmark.RunAsync(new IgConvergeSettings(
            result.GetValue(count), TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(workers),
            TimeSpan.FromSeconds(result.GetValue(drift)), result.GetValue(passes), result.GetValue(speedUp), !result.GetValue(noThrottle)), token)));
        return command;
    }

    private static Command RuntimeCache()
    {
        var count = IntOption("--count", 5000, "Custom objects listed into the cache.");
        var updates = IntOption("--updates", 1000, "Objects patched afterwards to measure watch delivery.");
        var parallelism = IntOption("--parallelism", 8, "Concurrent requests when creating and patching.");
        var command = new Command("runtime-cache", "Informer list+watch of N DnsRecords: sync time, bytes per cached object, watch delivery.")
        {
            count, updates, parallelism,
        };
        command.SetAction((result, token) => RunAsync(result, () => RuntimeCacheBenchmark.RunAsync(new RuntimeCacheSettings(
            result.GetValue(count), result.GetValue(updates), result.GetValue(parallelism)), token)));
        return command;
    }

    private static Command WorkQueue()
    {
        var adds = IntOption("--adds", 2_000_000, "Keys added in total.");
        var keys = IntOption("--keys", 1000, "Distinct keys (fewer keys, more dedup).");
        var workers = IntOption("--workers", 4, "Workers taking keys.");
        var producers = IntOption("--producers", 2, "Threads adding keys.");
        var seed = IntOption("--seed", 1, "Seed of the key choice.");
        var command = new Command("workqueue", "WorkQueue throughput: adds/s with dedup over N keys and M workers.")
        {
            adds, keys, workers, producers, seed,
        };
        command.SetAction((result, token) => RunAsync(result, () => WorkQueueBenchmark.RunAsync(new WorkQueueSettings(
            result.GetValue(adds), result.GetValue(keys), result.GetValue(workers), result.GetValue(producers), result.GetValue(seed)), token)));
        return command;
    }

    private static Command AwsPipeline()
    {
        var calls = IntOption("--calls", 2000, "Measured calls per variant.");
        var warmup = IntOption("--warmup", 200, "Unmeasured calls first.");
        var concurrency = IntOption("--concurrency", 1, "Calls in flight at once.");
        var records = IntOption("--records", 100, "A records seeded in the zone (each listing returns up to 300).");
        var command = new Command("aws-pipeline", "Per-call cost of Gureum.Aws's pipeline: Route53 ListResourceRecordSets against the emulator, no faults.")
        {
            calls, warmup, concurrency, records,
        };
        command.SetAction((result, token) => RunAsync(result, () => AwsPipelineBenchmark.RunAsync(new AwsPipelineSettings(
            result.GetValue(calls), result.GetValue(warmup), result.GetValue(concurrency), result.GetValue(records)), token)));
        return command;
    }

    private static Command SandboxWrites()
    {
        var count = IntOption("--count", 1000, "DnsRecords created, then each patched once.");
        var parallelism = IntOption("--parallelism", 8, "Concurrent requests.");
        var command = new Command("sandbox-writes", "The sandbox's write cost with a state folder: creates and patches per second, latency, restart.")
        {
            count, parallelism,
        };
        command.SetAction((result, token) => RunAsync(result, () => SandboxWritesBenchmark.RunAsync(new SandboxWritesSettings(
            result.GetValue(count), result.GetValue(parallelism)), token)));
        return command;
    }

    private static Command DnsScale()
    {
        var count = IntOption("--count", 1000, "DnsRecords, spread over the zones.");
        var zones = IntOption("--zones", 10, "Hosted zones.");
        var workers = IntOption("--workers", 4, "The operator's reconcile workers (gureum run --workers).");
        var drift = DriftIntervalOption(30);
        var passes = IntOption("--passes", 2, "Drift passes measured at steady state.");
        var changes = IntOption("--drift-changes", 100, "Records changed out of band to time drift correction.");
        var newObjects = IntOption("--new-objects", 50, "Objects applied one at a time with N settled, to time their first reconcile.");
        var timeout = ConvergeTimeoutOption(1800);
        var command = new Command("dns-scale", "The operator as its own process (gureum run) against the sandbox and emulator: convergence, calls per drift pass, drift latency, first reconcile, RSS and CPU.")
        {
            count, zones, workers, drift, passes, changes, newObjects, timeout,
        };
        command.SetAction((result, token) => RunAsync(result, () => DnsScaleBenchmark.RunAsync(new DnsScaleSettings(
            result.GetValue(count), result.GetValue(zones), result.GetValue(workers), TimeSpan.FromSeconds(result.GetValue(drift)),
            result.GetValue(passes), result.GetValue(changes), result.GetValue(newObjects), TimeSpan.FromSeconds(result.GetValue(timeout))), token)));
        return command;
    }

    private static Command Failover()
    {
        var count = IntOption("--count", 1000, "DnsRecords to converge while the leader is killed.");
        var zones = IntOption("--zones", 10, "Hosted zones.");
        var killAt = IntOption("--kill-at-percent", 30, "Kill the leader once this percentage of the records is Ready.");
        var timeout = IntOption("--timeout", 900, "Give up after this many seconds.");
        var leaseDuration = IntOption("--lease-duration", 10, "gureum run --lease-duration, seconds.");
        var renewDeadline = IntOption("--renew-deadline", 7, "gureum run --renew-deadline, seconds.");
        var retryPeriod = IntOption("--retry-period", 1, "gureum run --retry-period, seconds.");
        var command = new Command("failover", "Two gureum run --leader-elect replicas; SIGKILL the leader mid-convergence: time until the other writes, duplicate AWS writes, leaks.")
        {
            count, zones, killAt, timeout, leaseDuration, renewDeadline, retryPeriod,
        };
        command.SetAction((result, token) => RunAsync(result, () => FailoverBenchmark.RunAsync(new FailoverSettings(
            result.GetValue(count), result.GetValue(zones), result.GetValue(killAt), TimeSpan.FromSeconds(result.GetValue(timeout)),
            result.GetValue(leaseDuration), result.GetValue(renewDeadline), result.GetValue(retryPeriod)), token)));
        return command;
    }

    private static Command KindsScale()
    {
        var count = IntOption("--count", 200, "Objects of each kind: IamRole, LoadBalancer, InstanceGroup (20 for a quick run).");
        var drift = DriftIntervalOption(60);
        var passes = FullReadPassesOption();
        var timeout = ConvergeTimeoutOption(1800);
        var speedUp = ClockSpeedUpOption();
        var command = new Command("kinds-scale", "The operator as its own process (gureum run): N each of IamRole, LoadBalancer and InstanceGroup with AWS's rates enforced: convergence vs. the floor, calls per drift pass, RSS and CPU.")
        {
            count, drift, passes, timeout, speedUp,
        };
        command.SetAction((result, token) => RunAsync(result, () => KindsScaleBenchmark.RunAsync(new KindsScaleSettings(
            result.GetValue(count), TimeSpan.FromSeconds(result.GetValue(drift)), result.GetValue(passes),
            TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(speedUp)), token)));
        return command;
    }

    // The options several benchmarks share, so they read the same in every benchmark's help.
    private static Option<int> ConvergeTimeoutOption(int defaultSeconds) => IntOption("--timeout", defaultSeconds, "Give up converging after this many seconds.");

    private static Option<int> DriftIntervalOption(int defaultSeconds) => IntOption("--drift-interval", defaultSeconds, "The operator's drift interval, seconds.");

    private static Option<int> FullReadPassesOption() =>
        IntOption("--passes", 10, "Drift intervals counted at steady state (10 covers one full read per object).");

    private static Option<int> ClockSpeedUpOption() =>
        IntOption("--clock-speedup", 10, "The emulator's clock speed-up (provisioning, instances starting, health checks, IAM propagation; not the rate limits).");

    private static Option<int> IntOption(string name, int defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be at least 1."); } },
    };

    private static async Task<int> RunAsync(ParseResult result, Func<Task<BenchmarkReport>> benchmark)
    {
        var report = await benchmark();
        Console.WriteLine(result.GetValue(Json) ? report.ToJson() : report.ToText());
        return report.Succeeded ? 0 : 1;
    }
}
