using System.Diagnostics;
using System.Globalization;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Aws.Pipeline;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using Gureum.Controllers.IamRoles;
using Gureum.Controllers.InstanceGroups;
using Gureum.Controllers.LoadBalancers;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;
using Gureum.Testing;

namespace Gureum.Benchmarks.KindsScale;

internal sealed record KindsScaleSettings(int Count, TimeSpan DriftInterval, int Passes, TimeSpan Timeout, double ClockSpeedUp);

/// <summary>
/// Issue 11 for the AWS kinds: the operator as its own <c>gureum run</c> process, the sandbox and the emulator
/// (IAM's, ELBv2's, EC2's and Auto Scaling's rates enforced) in this one. N each of IamRole, LoadBalancer and
/// InstanceGroup (group i runs with role i's instance profile behind load balancer i): convergence from an empty
/// account against the floor, AWS calls per drift pass at steady state, the operator's RSS and CPU.
/// </summary>
internal static class KindsScaleBenchmark
{
    private const string Iam = "iam";
    private const string Elbv2 = "elasticloadbalancing";
    private const string Ec2 = "ec2";
    private const string AutoScaling = "autoscaling";

    /// <summary>The emulator's service keys (signing names) and the pipeline's services, in the report's order.</summary>
    private static readonly (string Key, AwsService Service)[] Services =
        [(Iam, AwsService.Iam), (Elbv2, AwsService.ElasticLoadBalancingV2), (Ec2, AwsService.Ec2), (AutoScaling, AwsService.AutoScaling)];

    public static async Task<BenchmarkReport> RunAsync(KindsScaleSettings settings, CancellationToken cancellationToken)
    {
        var n = settings.Count;
        var report = new ReportBuilder("kinds-scale")
            .Parameter("count", $"{n} each of IamRole, LoadBalancer, InstanceGroup")
            .Parameter("drift_interval_s", settings.DriftInterval.TotalSeconds).Parameter("passes", settings.Passes)
            .Parameter("clock_speedup", settings.ClockSpeedUp).Parameter("timeout_s", settings.Timeout.TotalSeconds)
            .Parameter("throttle", "on (iam, elasticloadbalancing, ec2, autoscaling at their catalogue rates)");
        await using var cluster = await LocalCluster.StartAsync(cancellationToken);
        await using var emulator = await Emulator.StartAsync(cancellationToken, clockSpeedUp: settings.ClockSpeedUp);
        foreach (var (key, _) in Services)
            emulator.Faults.Set(key, new ServiceFaults { Throttle = true });

        await using var benchmarkMemory = new MemorySampler(TimeSpan.FromMilliseconds(250));
        await using var gureum = await OperatorProcess.StartAsync(cluster.WriteKubeconfig("kinds-scale"), emulator,
            ["--cluster-id", "benchmark", "--drift-interval", OperatorProcess.Duration(settings.DriftInterval)], cancellationToken);
        await using var rss = new RssSampler(gureum.Usage, TimeSpan.FromMilliseconds(250));
        var idle = gureum.Usage();
        report.Add("operator_rss_idle", idle.RssBytes / Bytes.PerMiB, "MiB", "operator RSS once ready, no objects");

        // 1. Convergence from an empty account: everything applied at once, as `kubectl apply -f dir/` would.
        var roles = Names("role", n);
        var loadBalancers = Names("lb", n);
        var groups = Names("ig", n);
        var image = SampleKinds.Al2023Image(emulator);
        var clock = Stopwatch.StartNew();
        await Convergence.CreateAllAsync(cluster.Client, IamRole.Definition, roles.Select(r => TestObjects.IamRole(r).WithInstanceProfile().Build()), cancellationToken);
        await Convergence.CreateAllAsync(cluster.Client, LoadBalancer.Definition, loadBalancers.Select(lb => TestObjects.LoadBalancer(lb).Build()), cancellationToken);
        await Convergence.CreateAllAsync(cluster.Client, InstanceGroup.Definition,
            Enumerable.Range(0, n).Select(i => SampleKinds.InstanceGroup(groups[i], image).UsingRole(roles[i]).BehindLoadBalancers(loadBalancers[i]).Build()), cancellationToken);
        // Each kind is waited for on its own, so each has its own time; together they are converged when the last is.
        var waits = await Task.WhenAll(
            Convergence.WaitAsync<IamRole, IamRoleSpec, IamRoleStatus>(cluster.Client, IamRole.Definition, roles, _ => Task.FromResult(RolesWithProfile(emulator, roles)), clock, settings.Timeout, cancellationToken),
            Convergence.WaitAsync<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(cluster.Client, LoadBalancer.Definition, loadBalancers, _ => Task.FromResult(ActiveLoadBalancers(emulator, loadBalancers)), clock, settings.Timeout, cancellationToken),
            Convergence.WaitAsync<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(cluster.Client, InstanceGroup.Definition, groups, _ => Task.FromResult(GroupsInService(emulator, groups)), clock, settings.Timeout, cancellationToken));
        var converged = waits.All(w => w.Done);
        var convergeTime = waits.Max(w => w.Elapsed);
        var afterConverge = gureum.Usage();
        var toConverge = emulator.Stats.RequestCounts;

        report.Add("converge_time", convergeTime.TotalSeconds, "s", "converge (first create -> every object Ready and in AWS)");
        foreach (var (kind, wait) in new[] { ("iamrole", waits[0]), ("loadbalancer", waits[1]), ("instancegroup", waits[2]) })
            report.Add($"converge_time_{kind}", wait.Elapsed.TotalSeconds, "s", $"  {kind}s: all Ready and in AWS{(wait.Done ? "" : " (NOT converged)")}")
                .Add($"ready_{kind}", wait.Ready, "objects", $"  {kind}s Ready")
                .Add($"in_aws_{kind}", wait.InAws, "objects", $"  {kind}s done in AWS");
        foreach (var (key, _) in Services)
        {
            report.Add($"converge_requests_{key}", toConverge.Where(p => p.Key.Service == key).Sum(p => p.Value), "requests", $"{key} requests to converge")
                .Add($"converge_writes_{key}", toConverge.Where(p => p.Key.Service == key && !IsRead(p.Key.Operation)).Sum(p => p.Value), "requests", $"  of which writes");
            foreach (var (operation, count) in toConverge.Where(p => p.Key.Service == key && !IsRead(p.Key.Operation)).OrderBy(p => p.Key.Operation, StringComparer.Ordinal))
                report.Add($"converge_requests_{key}_{operation.Operation}", count, "requests", $"    {operation.Operation}");
            report.Add($"throttled_{key}", emulator.Stats.Faults(key, FaultKind.Throttled), "errors", $"  {key} throttling errors returned (whole run)");
        }

        // The floor: each service's fewest calls at its own bucket's sustained rate (bursts left out). The buckets
        // are separate, so the services work side by side and the floor is the slowest of them.
        var floors = Floors(n);
        foreach (var floor in floors)
            report.Add($"floor_{floor.Key}", floor.Seconds, "s", $"floor {floor.Key}: {floor.Calls} {floor.What} / {floor.Rate.ToString(CultureInfo.InvariantCulture)} per s");
        var slowest = floors.Max(f => f.Seconds);
        var serial = floors.Sum(f => f.Seconds);
        report.Add("floor", slowest, "s", "floor: the slowest service's")
            .Add("ratio_to_floor", convergeTime.TotalSeconds / slowest, "x", "converge time / floor")
            .Add("floor_sum", serial, "s", "the per-service floors added up (as if one bucket served every service)")
            .Add("ratio_to_floor_sum", convergeTime.TotalSeconds / serial, "x", "converge time / floor_sum")
            .Add("operator_cpu_converge", (afterConverge.Cpu - idle.Cpu).TotalSeconds, "s", "operator CPU time (user+system) to converge")
            .Add("operator_rss_peak_converge", afterConverge.PeakRssBytes / Bytes.PerMiB, "MiB", "operator peak RSS (VmHWM) while converging");
        if (!converged || gureum.HasExited)
            return report.Note(gureum.Tail).Build(succeeded: false);

        // 2. Steady state: two drift intervals to settle (passes right after convergence still read fully), then P counted.
        var steady = await SteadyState.MeasureAsync(emulator, gureum, rss, settings.DriftInterval, settleIntervals: 2, settings.Passes, cancellationToken);
        steady.AddTo(report)
            .Add("steady_elbv2_describes", steady.PerPass(Elbv2, IsRead), "calls", $"ELBv2 describes per drift pass (goal about N/20 = {n / 20.0:0.#})")
            .Add("steady_describe_groups", steady.PerPass(AutoScaling, op => op == "DescribeAutoScalingGroups"), "calls", $"DescribeAutoScalingGroups per drift pass (goal N/100 = {n / 100.0:0.#})")
            .Add("steady_iam_per_role", steady.PerPass(Iam) / n, "calls", "IAM calls per drift pass per IamRole")
            .Add("steady_writes", Services.Sum(s => steady.PerPass(s.Key, op => !IsRead(op))), "calls", "writes per drift pass (0: nothing drifted)");

        var end = gureum.Usage();
        report.Add("operator_rss_peak", end.PeakRssBytes / Bytes.PerMiB, "MiB", "operator peak RSS (VmHWM) over the run")
            .Add("operator_cpu_total", end.Cpu.TotalSeconds, "s", "operator CPU time over the run")
            .Add("rest_working_set_peak", benchmarkMemory.PeakWorkingSetBytes / Bytes.PerMiB, "MiB", "peak working set of the rest (sandbox + emulator + load generator, this process)")
            .Note("Floor per service, the fewest calls at its bucket's sustained rate: IAM 3N writes (CreateRole, CreateInstanceProfile, AddRoleToInstanceProfile; tags ride on the creates; reads share IAM's one bucket but none is strictly needed from empty); ELBv2 3N writes (CreateLoadBalancer, CreateTargetGroup, CreateListener) at the mutate rate (its ceil(N/20) describes have their own bucket and take less); EC2 N CreateLaunchTemplate at the mutate rate; Auto Scaling N CreateAutoScalingGroup (target groups ride on it) + ceil(N/100) DescribeAutoScalingGroups, one bucket. It ignores provisioning, instances starting (--clock-speedup), IAM's propagation to EC2, validation describes and the Kubernetes side.")
            .Note($"Calls per pass = emulator requests during {settings.Passes} drift intervals, starting 2 intervals after convergence, / {settings.Passes}; the benchmark reads the emulator's stores in-process, so every request counted is the operator's.")
            .Note("Done in AWS: the role exists and its instance profile holds it; the load balancer is active; the group has its desired instances InService and a target group attached.")
            .Note("The operator is `gureum run` in its own process (default workers); RSS from /proc/PID/status VmRSS (steady: mean of 4 samples/s) and VmHWM (peak), CPU utime+stime from /proc/PID/stat.");
        return report.Build(succeeded: !gureum.HasExited);
    }

    private static List<string> Names(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D4}"))];

    /// <summary>IAM's reads are Get* and List*; the other services' Describe*.</summary>
    private static bool IsRead(string operation) =>
        operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal);

    private sealed record ServiceFloor(string Key, long Calls, string What, double Rate)
    {
        public double Seconds => Calls / Rate;
    }

    private static List<ServiceFloor> Floors(int n)
    {
        var limits = AwsRateLimits.Default;
        double Mutate(AwsService service) => limits.For(service, mutating: true).Limit.RequestsPerSecond;
        return
        [
            new(Iam, 3L * n, "writes", Mutate(AwsService.Iam)),
            new(Elbv2, 3L * n, "writes", Mutate(AwsService.ElasticLoadBalancingV2)),
            new(Ec2, n, "writes", Mutate(AwsService.Ec2)),
            new(AutoScaling, n + (n + 99) / 100, "writes and describes", Mutate(AwsService.AutoScaling)),
        ];
    }

    private static int RolesWithProfile(AwsEmulator emulator, IReadOnlyList<string> roles)
    {
        var iam = emulator.Iam.Store;
        var profiles = iam.ListInstanceProfiles("/").ToDictionary(p => p.Name, p => p.RoleName, StringComparer.Ordinal);
        return roles.Select(r => IamNames.RoleName(SampleRecords.Namespace, r, null))
            .Count(name => iam.FindRole(name) is not null && profiles.GetValueOrDefault(name) == name);
    }

    private static int ActiveLoadBalancers(AwsEmulator emulator, IReadOnlyList<string> loadBalancers)
    {
        var elbv2 = emulator.Elbv2.Store;
        var active = elbv2.DescribeLoadBalancers([], []).Where(lb => elbv2.StateOf(lb) == "active").Select(lb => lb.Name).ToHashSet(StringComparer.Ordinal);
        return loadBalancers.Count(lb => active.Contains(ElbNames.For(SampleRecords.Namespace, lb)));
    }

    private static int GroupsInService(AwsEmulator emulator, IReadOnlyList<string> groups)
    {
        var done = emulator.AutoScaling.Store.Groups()
            .Where(g => g.TargetGroupArns.Count > 0 && g.Instances.Count(i => i.LifecycleState == "InService") >= g.DesiredCapacity)
            .Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        return groups.Count(g => done.Contains(GroupNames.For(SampleRecords.Namespace, g)));
    }
}
