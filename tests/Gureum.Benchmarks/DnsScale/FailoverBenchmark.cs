using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gureum.Api.V1Alpha1;
using Gureum.Benchmarks.Harness;
using Gureum.Benchmarks.Reporting;
using Gureum.Local.Aws.Faults;
using Gureum.Runtime.Cache;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gureum.Benchmarks.DnsScale;

internal sealed record FailoverSettings(int Count, int Zones, int KillAtPercent, TimeSpan Timeout, int LeaseDurationSeconds, int RenewDeadlineSeconds, int RetryPeriodSeconds);

/// <summary>
/// Two <c>gureum run --leader-elect</c> replicas against the in-process sandbox and emulator; the
/// leader is SIGKILLed while N records converge. Reports the time until the other replica holds
/// the Lease and until it writes again (a DnsRecord status, a Route53 change), and checks that
/// Route53 applied each record set's change once and holds nothing beyond the records and their marks.
/// </summary>
internal static class FailoverBenchmark
{
    private const string LeaseName = "gureum-leader";
    private const string LeaseNamespace = "default";

    public static async Task<BenchmarkReport> RunAsync(FailoverSettings settings, CancellationToken cancellationToken)
    {
        var report = new ReportBuilder("failover")
            .Parameter("count", settings.Count).Parameter("zones", settings.Zones).Parameter("kill_at_percent_ready", settings.KillAtPercent)
            .Parameter("route53_throttle", "on (10/s, burst 50)")
            .Parameter("lease", $"{settings.LeaseDurationSeconds}s duration, {settings.RenewDeadlineSeconds}s renew deadline, {settings.RetryPeriodSeconds}s retry");
        var zones = Enumerable.Range(0, settings.Zones).Select(z => string.Create(CultureInfo.InvariantCulture, $"zone{z}.example.com")).ToList();
        await using var cluster = await LocalCluster.StartAsync(cancellationToken);
        await using var emulator = await Emulator.StartAsync(cancellationToken, [.. zones.Select(z => z + ".")]);
        emulator.Faults.Set("route53", new ServiceFaults { Throttle = true });
        var route53 = emulator.Route53.Store;
        var kubeconfig = cluster.WriteKubeconfig("failover");
        string[] args = ["--cluster-id", "benchmark", "--leader-elect", "--lease-namespace", LeaseNamespace,
            "--lease-duration", Seconds(settings.LeaseDurationSeconds), "--renew-deadline", Seconds(settings.RenewDeadlineSeconds), "--retry-period", Seconds(settings.RetryPeriodSeconds)];

        await using var first = await OperatorProcess.StartAsync(kubeconfig, emulator, args, cancellationToken);
        if (!await Poll.UntilAsync(async () => await HolderPidAsync(cluster.Client, cancellationToken) == first.Pid, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), cancellationToken))
            return report.Note("the first replica never took the Lease: " + first.Tail).Build(succeeded: false);
        await using var second = await OperatorProcess.StartAsync(kubeconfig, emulator, args, cancellationToken);

        // Every DnsRecord change the replicas make, timed.
        var modified = new ConcurrentQueue<long>();
        using var watchClient = cluster.NewClient();
        var informer = new Informer<DnsRecord>(watchClient, Gureum.Controllers.GureumControllers.DnsRecordKind, null, TimeProvider.System, NullLogger.Instance);
        informer.Subscribe(e =>
        {
            if (e.Type == WatchEventType.Modified)
                modified.Enqueue(Stopwatch.GetTimestamp());
        });
        using var stopInformer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informing = informer.RunAsync(stopInformer.Token);
        await informer.WaitForSyncAsync(cancellationToken);

        var records = Enumerable.Range(0, settings.Count).Select(i => SampleRecords.Build(i, zones[i % zones.Count])).ToList();
        var names = records.Select(r => r.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await SampleRecords.CreateAsync(cluster.Client, records, parallelism: 8, cancellationToken);
        var threshold = settings.Count * settings.KillAtPercent / 100;
        var readyAtKill = 0;
        await Poll.UntilAsync(async () => (readyAtKill = await Convergence.CountReadyAsync(cluster.Client, names, cancellationToken)) >= threshold,
            settings.Timeout, TimeSpan.FromMilliseconds(250), cancellationToken);

        var (leader, follower) = await HolderPidAsync(cluster.Client, cancellationToken) == first.Pid ? (first, second) : (second, first);
        var changesAtKill = emulator.Stats.Requests("route53", "ChangeResourceRecordSets");
        var killedAt = Stopwatch.GetTimestamp();
        await leader.KillAsync();
        var killedAfter = clock.Elapsed;

        long acquiredAt = 0;
        long route53WriteAt = 0;
        await Poll.UntilAsync(async () =>
        {
            if (acquiredAt == 0 && await HolderPidAsync(cluster.Client, cancellationToken) == follower.Pid)
                acquiredAt = Stopwatch.GetTimestamp();
            if (acquiredAt != 0 && route53WriteAt == 0 && emulator.Stats.Requests("route53", "ChangeResourceRecordSets") > changesAtKill)
                route53WriteAt = Stopwatch.GetTimestamp();
            return acquiredAt != 0 && (route53WriteAt != 0 || modified.Any(t => t > acquiredAt));
        }, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(50), cancellationToken);
        var kubernetesWriteAt = acquiredAt == 0 ? 0 : modified.Where(t => t > acquiredAt).DefaultIfEmpty(0).Min();

        var converged = await Convergence.WaitAsync(cluster.Client, records, _ => Task.FromResult(EmulatorRecords.CountHeld(route53, records)), clock, settings.Timeout, cancellationToken);
        await stopInformer.CancelAsync();
        await informing;

        var applied = route53.AppliedChanges();
        var duplicated = applied.Where(p => p.Value > 1).ToList();
        var held = EmulatorRecords.SetsByZone(route53).Sum(z => z.Count);
        var writtenAt = new[] { kubernetesWriteAt, route53WriteAt }.Where(t => t != 0).DefaultIfEmpty(0).Min();
        var expectedSets = 2 * settings.Count; // each record and its ownership TXT
        report.Add("ready_at_kill", readyAtKill, "objects", "objects Ready when the leader was killed")
            .Add("killed_after", killedAfter.TotalSeconds, "s", "leader SIGKILLed this long after the first create")
            .Add("lease_takeover", Since(killedAt, acquiredAt), "s", "kill -> the other replica holds the Lease")
            .Add("first_write_kubernetes", Since(killedAt, kubernetesWriteAt), "s", "kill -> its first DnsRecord write")
            .Add("first_write_route53", Since(killedAt, route53WriteAt), "s", "kill -> its first Route53 ChangeResourceRecordSets (NaN: none left to make)")
            .Add("failover_time", Since(killedAt, writtenAt), "s", "kill -> the other replica writes again, to Kubernetes or Route53 (goal < 15 s)")
            .Add("converge_time", converged.Elapsed.TotalSeconds, "s", "first create -> all Ready and in Route53")
            .Add("converged", converged.Ready, "objects", "objects Ready at the end")
            .Add("route53_changes_applied", applied.Values.Sum(), "changes", "record set changes Route53 applied (accepted batches)")
            .Add("route53_duplicated_writes", duplicated.Count, "record sets", "record sets Route53 changed more than once")
            .Add("route53_sets_held", held, "record sets", $"record sets in the zones (expected {expectedSets}: records + ownership TXT)")
            .Add("route53_leaked", Math.Max(0, held - expectedSets), "record sets", "record sets beyond the records and their marks");
        foreach (var (key, count) in duplicated.Take(10))
            report.Note($"changed {count} times: {key.Action} {key.Name} {key.Type}");
        report.Note("After a SIGKILL the Lease is not released: the follower takes over once the lease duration has passed since it last saw the Lease renewed (seen at most one retry period late, checked once per retry period), so the takeover is the duration +- up to two retry periods.");
        var ok = converged.Done && duplicated.Count == 0 && held == expectedSets && acquiredAt != 0;
        return report.Build(succeeded: ok);
    }

    private static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture) + "s";

    private static double Since(long start, long end) => end == 0 ? double.NaN : Stopwatch.GetElapsedTime(start, end).TotalSeconds;

    /// <summary>The pid at the end of the Lease holder's identity (host-pid), or 0.</summary>
    private static async Task<int> HolderPidAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, LeaseNamespace, cancellationToken: cancellationToken);
            var holder = lease.Spec?.HolderIdentity ?? "";
            return int.TryParse(holder[(holder.LastIndexOf('-') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return 0;
        }
    }
}
