using System.Diagnostics;
using System.Globalization;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Aws.Pipeline;
using Gureum.Benchmarks.DnsConverge;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using Gureum.Controllers.LoadBalancers;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;
using Gureum.Runtime;
using Gureum.Testing;
using k8s;

namespace Gureum.Benchmarks.LbConverge;

internal sealed record LbConvergeSettings(int Count, TimeSpan Timeout, int Workers, TimeSpan DriftInterval, int Passes, bool Throttle);

/// <summary>
/// The LoadBalancer issue's benchmark: N LoadBalancers (each a load balancer, a target group and an HTTP
/// listener) converge from empty while the operator runs in-process against the sandbox and the emulator
/// with ELBv2's published rates enforced; then the ELBv2 calls of P drift passes at steady state, by operation.
/// </summary>
internal static class LbConvergeBenchmark
{
    private const string Service = "elasticloadbalancing";

    /// <summary>Per load balancer: CreateLoadBalancer, CreateTargetGroup, CreateListener.</summary>
    private const int WritesPerLoadBalancer = 3;

    /// <summary>ELBv2 takes at most 20 names or ARNs a describe.</summary>
    private const int KeysPerDescribe = 20;

    public static async Task<BenchmarkReport> RunAsync(LbConvergeSettings settings, CancellationToken cancellationToken)
    {
        var limits = AwsRateLimits.Default;
        var report = new ReportBuilder("lb-converge")
            .Parameter("count", settings.Count).Parameter("workers", settings.Workers)
            .Parameter("drift_interval_s", settings.DriftInterval.TotalSeconds).Parameter("passes", settings.Passes)
            .Parameter("elbv2_throttle", settings.Throttle
                ? string.Create(CultureInfo.InvariantCulture, $"on (describe {limits.ElasticLoadBalancingDescribe.RequestsPerSecond}/s, mutate {limits.ElasticLoadBalancingMutate.RequestsPerSecond}/s)")
                : "off")
            .Parameter("timeout_s", settings.Timeout.TotalSeconds);
        await using var cluster = await LocalCluster.StartAsync(cancellationToken);
        await using var emulator = await Emulator.StartAsync(cancellationToken);
        if (settings.Throttle)
            emulator.Faults.Set(Service, new ServiceFaults { Throttle = true });

        using var operatorAws = AwsClients.Create(Emulator.Settings(emulator, limits), TimeProvider.System);
        using var operatorClient = cluster.NewClient();
        var manager = new ControllerManager(operatorClient, new ControllerManagerOptions(), loggerFactory: null, TimeProvider.System);
        OperatorUnderTest.Register(manager, operatorClient, operatorAws, settings.Workers, settings.DriftInterval);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = manager.RunAsync(stop.Token);

        var names = Enumerable.Range(0, settings.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"lb-{i:D4}")).ToList();
        // The convergence check reads ELBv2 through its own client; its requests are taken out of the figures.
        using var checker = AwsClients.Create(Emulator.Settings(emulator, limits), TimeProvider.System);
        var measured = await Convergence.CreateAndWaitAsync<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(cluster.Client, LoadBalancer.Definition,
            [.. names.Select(name => TestObjects.LoadBalancer(name).Build())], ct => CountActiveAsync(checker.Elbv2, names, ct), settings.Timeout, cancellationToken);
        var converged = measured.Converged;
        var toConverge = OperatorCalls(emulator, checker);

        // Steady state: let the passes that follow convergence settle, then count P drift intervals.
        var drift = converged.Done
            ? await Convergence.DriftPassCallsAsync(() => OperatorCalls(emulator, checker), settings.DriftInterval, settings.Passes, cancellationToken)
            : new Dictionary<string, long>(StringComparer.Ordinal);
        var throttled = emulator.Stats.Faults(Service, FaultKind.Throttled);
        await stop.CancelAsync();
        await running;

        report.Add("converge_time", converged.Elapsed.TotalSeconds, "s", "time to converge (first create -> all Ready and active in ELBv2)")
            .Add("ready", converged.Ready, "objects", "objects Ready")
            .Add("active", converged.InAws, "load balancers", "load balancers active in ELBv2");
        foreach (var (operation, count) in toConverge.OrderBy(p => p.Key, StringComparer.Ordinal))
            report.Add($"converge_requests_{operation}", count, "requests", $"ELBv2 requests to converge: {operation}");
        var describes = toConverge.Where(p => p.Key.StartsWith("Describe", StringComparison.Ordinal)).Sum(p => p.Value);
        var writes = toConverge.Sum(p => p.Value) - describes;
        report.Add("converge_requests_describe", describes, "requests", "ELBv2 describe requests to converge")
            .Add("converge_requests_write", writes, "requests", "ELBv2 write requests to converge")
            .Add("elbv2_throttled", throttled, "errors", "Throttling errors returned by ELBv2 (whole run)");

        // The floor: the writes alone (each load balancer's three creates) at the mutate bucket's sustained rate,
        // against the fewest describes (one DescribeLoadBalancers per 20 to see them active) at the describe rate;
        // the buckets are separate, so the floor is the larger of the two.
        var mutateRate = limits.ElasticLoadBalancingMutate.RequestsPerSecond;
        var describeRate = limits.ElasticLoadBalancingDescribe.RequestsPerSecond;
        var minWrites = WritesPerLoadBalancer * settings.Count;
        var minDescribes = (settings.Count + KeysPerDescribe - 1) / KeysPerDescribe;
        var floor = Math.Max(minWrites / mutateRate, minDescribes / describeRate);
        report.Add("floor_min_writes", minWrites, "calls", $"minimum ELBv2 writes ({WritesPerLoadBalancer} per LoadBalancer)")
            .Add("floor_min_describes", minDescribes, "calls", "minimum ELBv2 describes (one DescribeLoadBalancers per 20)")
            .Add("floor", floor, "s", $"rate floor: max(writes / {mutateRate} per s, describes / {describeRate} per s)")
            .Add("ratio_to_floor", converged.Elapsed.TotalSeconds / floor, "x", "converge time / rate floor");

        var passes = (double)settings.Passes;
        foreach (var (operation, count) in drift.OrderBy(p => p.Key, StringComparer.Ordinal))
            report.Add($"drift_pass_{operation}", count / passes, "calls/pass", $"ELBv2 calls per drift pass: {operation}");
        var driftDescribes = drift.Where(p => p.Key.StartsWith("Describe", StringComparison.Ordinal)).Sum(p => p.Value) / passes;
        report.Add("drift_pass_describes", driftDescribes, "calls/pass", "ELBv2 describes per drift pass (all operations)")
            .Add("drift_pass_goal", settings.Count / 20.0, "calls/pass", "the issue's goal: about N/20")
            .Add("drift_pass_unbatched", 7.0 * settings.Count, "calls/pass", "before batching: 7 describes per LoadBalancer per pass")
            .Add("drift_pass_writes", drift.Where(p => !p.Key.StartsWith("Describe", StringComparison.Ordinal)).Sum(p => p.Value) / passes, "calls/pass", "ELBv2 writes per drift pass (0: nothing drifted)")
            .Add("peak_managed", measured.PeakManagedBytes / Bytes.PerMiB, "MiB", "peak managed heap (whole process)")
            .Add("peak_working_set", measured.PeakWorkingSetBytes / Bytes.PerMiB, "MiB", "peak working set (whole process)")
            .Note("Floor: creating N LoadBalancers needs at least 3N ELBv2 writes (CreateLoadBalancer, CreateTargetGroup, CreateListener, tags riding on the creates) paid at the mutate bucket's sustained rate, and ceil(N/20) DescribeLoadBalancers to see them active at the describe rate (bursts left out); it ignores provisioning (the emulator's 3 s) and the Kubernetes side.")
            .Note($"Drift passes: ELBv2 requests counted over {settings.Passes} drift intervals, starting 2 intervals after convergence, divided by {settings.Passes}. A resync pass reads load balancers and target groups by name, tags and listeners by ARN through shared 20-key lookups; the per-resource reads (attributes, listeners by load balancer, target health) come with a full read, due every 10 drift intervals per object (objects converged within the window do theirs inside it, so a short window over-counts them relative to the amortised 4 per object per 10 passes).")
            .Note("Sandbox API server, AWS emulator, operator and load generator share one process: memory figures cover all of them.");
        return report.Build(succeeded: converged.Done);
    }

    /// <summary>ELBv2 requests the emulator received, by operation, less the checker's own attempts.</summary>
    private static Dictionary<string, long> OperatorCalls(AwsEmulator emulator, AwsClients checker)
    {
        var checks = checker.Pipeline.Snapshot().Where(c => c.Service == AwsService.ElasticLoadBalancingV2.Name)
            .ToDictionary(c => c.Operation, c => c.Attempts, StringComparer.Ordinal);
        return emulator.Stats.RequestCounts.Where(p => p.Key.Service == Service)
            .ToDictionary(p => p.Key.Operation, p => p.Value - checks.GetValueOrDefault(p.Key.Operation), StringComparer.Ordinal);
    }

    /// <summary>How many of the LoadBalancers' load balancers ELBv2 shows active (the checker's own client and bucket).</summary>
    private static async Task<int> CountActiveAsync(IElbv2Client elbv2, IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        (await elbv2.FindLoadBalancersByNameAsync([.. names.Select(name => ElbNames.For(SampleRecords.Namespace, name))], cancellationToken))
        .Count(lb => lb.State == Elbv2Values.Active);
}
