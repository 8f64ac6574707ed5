using System.Diagnostics;
using System.Globalization;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Aws.Pipeline;
using Gureum.Benchmarks.DnsConverge;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using Gureum.Controllers.InstanceGroups;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;
using Gureum.Runtime;
using Gureum.Testing;
using k8s;

namespace Gureum.Benchmarks.IgConverge;

internal sealed record IgConvergeSettings(int Count, TimeSpan Timeout, int Workers, TimeSpan DriftInterval, int Passes, double ClockSpeedUp, bool Throttle);

/// <summary>
/// The InstanceGroup issue's benchmark: N InstanceGroups (a launch template and an Auto Scaling group of one
/// instance each, no load balancer, no scaling policy) converge from empty while the operator runs in-process
/// against the sandbox and the emulator with EC2's and Auto Scaling's published rates enforced; then the EC2 and
/// Auto Scaling calls of P drift passes at steady state, by service and operation.
/// </summary>
internal static class IgConvergeBenchmark
{
    /// <summary>Auto Scaling takes at most 100 names a DescribeAutoScalingGroups.</summary>
    private const int GroupsPerDescribe = 100;

    private static readonly string[] Services = [AwsService.AutoScaling.Name, AwsService.Ec2.Name];

    public static async Task<BenchmarkReport> RunAsync(IgConvergeSettings settings, CancellationToken cancellationToken)
    {
        var limits = AwsRateLimits.Default;
        var report = new ReportBuilder("ig-converge")
            .Parameter("count", settings.Count).Parameter("workers", settings.Workers)
            .Parameter("drift_interval_s", settings.DriftInterval.TotalSeconds).Parameter("passes", settings.Passes)
            .Parameter("clock_speedup", settings.ClockSpeedUp)
            .Parameter("throttle", settings.Throttle
                ? string.Create(CultureInfo.InvariantCulture,
                    $"on (ec2 describe {limits.Ec2Describe.RequestsPerSecond}/s, ec2 mutate {limits.Ec2Mutate.RequestsPerSecond}/s, autoscaling {limits.AutoScaling.RequestsPerSecond}/s)")
                : "off")
            .Parameter("timeout_s", settings.Timeout.TotalSeconds);
        await using var cluster = await LocalCluster.StartAsync(cancellationToken);
        await using var emulator = await Emulator.StartAsync(cancellationToken, clockSpeedUp: settings.ClockSpeedUp);
        if (settings.Throttle)
            foreach (var service in Services)
                emulator.Faults.Set(service, new ServiceFaults { Throttle = true });

        using var operatorAws = AwsClients.Create(Emulator.Settings(emulator, limits), TimeProvider.System);
        using var operatorClient = cluster.NewClient();
        var manager = new ControllerManager(operatorClient, new ControllerManagerOptions(), loggerFactory: null, TimeProvider.System);
        OperatorUnderTest.Register(manager, operatorClient, operatorAws, settings.Workers, settings.DriftInterval);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = manager.RunAsync(stop.Token);

        // The convergence check (and the image lookup) read AWS through their own client; its requests are taken out of the figures.
        using var checker = AwsClients.Create(Emulator.Settings(emulator, limits), TimeProvider.System);
        var image = (await checker.Ec2Network.DescribeImagesAsync(null, ["amazon"], [Ec2Filter.Of("name", "al2023-ami-2023*-x86_64")], cancellationToken))
            .OrderByDescending(i => i.CreationDate).First().ImageId;
        var names = Enumerable.Range(0, settings.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"ig-{i:D4}")).ToList();
        var measured = await Convergence.CreateAndWaitAsync<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(cluster.Client, InstanceGroup.Definition,
            [.. names.Select(name => SampleKinds.InstanceGroup(name, image).Build())], ct => CountInServiceAsync(checker.AutoScaling, names, ct), settings.Timeout, cancellationToken);
        var converged = measured.Converged;
        var toConverge = OperatorCalls(emulator, checker);

        // Steady state: let the passes that follow convergence settle, then count P drift intervals.
        var drift = converged.Done
            ? await Convergence.DriftPassCallsAsync(() => OperatorCalls(emulator, checker), settings.DriftInterval, settings.Passes, cancellationToken)
            : new Dictionary<string, long>(StringComparer.Ordinal);
        var throttled = Services.Sum(service => emulator.Stats.Faults(service, FaultKind.Throttled));
        await stop.CancelAsync();
        await running;

        report.Add("converge_time", converged.Elapsed.TotalSeconds, "s", "time to converge (first create -> all Ready and every group in Auto Scaling)")
            .Add("ready", converged.Ready, "objects", "objects Ready")
            .Add("groups", converged.InAws, "groups", "Auto Scaling groups with every desired instance InService");
        foreach (var (operation, count) in toConverge.OrderBy(p => p.Key, StringComparer.Ordinal))
            report.Add($"converge_requests_{operation}", count, "requests", $"requests to converge: {operation.Replace('.', ' ')}");
        var writesByService = Services.ToDictionary(s => s, s => toConverge.Where(p => p.Key.StartsWith(s + ".", StringComparison.Ordinal) && !IsDescribe(p.Key)).Sum(p => p.Value));
        report.Add("converge_requests_describe", toConverge.Where(p => IsDescribe(p.Key)).Sum(p => p.Value), "requests", "EC2 and Auto Scaling describes to converge")
            .Add("converge_requests_write_ec2", writesByService[AwsService.Ec2.Name], "requests", "EC2 writes to converge")
            .Add("converge_requests_write_autoscaling", writesByService[AwsService.AutoScaling.Name], "requests", "Auto Scaling writes to converge")
            .Add("throttled", throttled, "errors", "throttling errors returned by EC2 and Auto Scaling (whole run)");

        // The floor: the writes alone, each service's at its sustained rate (buckets are separate, so the larger):
        // one CreateLaunchTemplate per group (EC2 mutate), one CreateAutoScalingGroup per group plus ceil(N/100)
        // DescribeAutoScalingGroups to see them (Auto Scaling has one bucket for everything).
        var ec2Rate = limits.Ec2Mutate.RequestsPerSecond;
        var asgRate = limits.AutoScaling.RequestsPerSecond;
        var ec2Floor = settings.Count / ec2Rate;
        var asgFloor = (settings.Count + (settings.Count + GroupsPerDescribe - 1) / GroupsPerDescribe) / asgRate;
        var floor = Math.Max(ec2Floor, asgFloor);
        report.Add("floor_min_writes_ec2", settings.Count, "calls", "minimum EC2 writes (CreateLaunchTemplate, tags riding on it)")
            .Add("floor_min_writes_autoscaling", settings.Count, "calls", "minimum Auto Scaling writes (CreateAutoScalingGroup, tags riding on it)")
            .Add("floor", floor, "s", $"rate floor: max(N / {ec2Rate} per s (EC2 mutate), (N + ceil(N/100)) / {asgRate} per s (Auto Scaling))")
            .Add("ratio_to_floor", converged.Elapsed.TotalSeconds / floor, "x", "converge time / rate floor");

        var passes = (double)settings.Passes;
        foreach (var (operation, count) in drift.OrderBy(p => p.Key, StringComparer.Ordinal))
            report.Add($"drift_pass_{operation}", count / passes, "calls/pass", $"calls per drift pass: {operation.Replace('.', ' ')}");
        var groupDescribes = drift.GetValueOrDefault($"{AwsService.AutoScaling.Name}.DescribeAutoScalingGroups") / passes;
        report.Add("drift_pass_describe_groups", groupDescribes, "calls/pass", "DescribeAutoScalingGroups per drift pass")
            .Add("drift_pass_goal", settings.Count / 100.0, "calls/pass", "the issue's goal for DescribeAutoScalingGroups: about N/100")
            .Add("drift_pass_describes", drift.Where(p => IsDescribe(p.Key)).Sum(p => p.Value) / passes, "calls/pass", "EC2 and Auto Scaling describes per drift pass (all operations)")
            .Add("drift_pass_unbatched", 3.0 * settings.Count, "calls/pass", "before batching: 3 describes per InstanceGroup per pass (DescribePolicies too with a scaling policy)")
            .Add("drift_pass_writes", drift.Where(p => !IsDescribe(p.Key)).Sum(p => p.Value) / passes, "calls/pass", "writes per drift pass (0: nothing drifted)")
            .Add("peak_managed", measured.PeakManagedBytes / Bytes.PerMiB, "MiB", "peak managed heap (whole process)")
            .Add("peak_working_set", measured.PeakWorkingSetBytes / Bytes.PerMiB, "MiB", "peak working set (whole process)")
            .Note("Floor: creating N InstanceGroups needs at least N EC2 writes (CreateLaunchTemplate) at EC2's mutating rate and N Auto Scaling writes (CreateAutoScalingGroup) plus ceil(N/100) DescribeAutoScalingGroups at Auto Scaling's rate (bursts left out); it ignores instances starting (scaled by --clock-speedup), the validation describes (image, subnets, security groups: EC2 describe bucket) and the Kubernetes side.")
            .Note($"Drift passes: requests counted over {settings.Passes} drift intervals, starting 2 intervals after convergence, divided by {settings.Passes}. A resync pass reads groups (100 names) and launch templates (200) through shared lookups; the $Default version's data, the scaling policies and the instance refreshes come with a full read, due every 10 drift intervals per object.")
            .Note("Sandbox API server, AWS emulator, operator and load generator share one process: memory figures cover all of them.");
        return report.Build(succeeded: converged.Done);
    }

    private static bool IsDescribe(string key) => key.Split('.')[1].StartsWith("Describe", StringComparison.Ordinal);

    /// <summary>EC2 and Auto Scaling requests the emulator received, as "service.Operation", less the checker's own attempts.</summary>
    private static Dictionary<string, long> OperatorCalls(AwsEmulator emulator, AwsClients checker)
    {
        var checks = checker.Pipeline.Snapshot().Where(c => Services.Contains(c.Service))
            .GroupBy(c => $"{c.Service}.{c.Operation}").ToDictionary(g => g.Key, g => g.Sum(c => c.Attempts), StringComparer.Ordinal);
        return emulator.Stats.RequestCounts.Where(p => Services.Contains(p.Key.Service))
            .ToDictionary(p => $"{p.Key.Service}.{p.Key.Operation}", p => p.Value - checks.GetValueOrDefault($"{p.Key.Service}.{p.Key.Operation}"), StringComparer.Ordinal);
    }

    /// <summary>How many of the InstanceGroups' Auto Scaling groups have every desired instance in service (the checker's own client and bucket).</summary>
    private static async Task<int> CountInServiceAsync(IAutoScalingClient autoScaling, IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        (await autoScaling.DescribeAutoScalingGroupsAsync([.. names.Select(name => GroupNames.For(SampleRecords.Namespace, name))], cancellationToken))
        .Count(g => g.Instances.Count(i => i.LifecycleState == AsgValues.InService) >= g.DesiredCapacity);
}
