using Gureum.Benchmarks.Reporting;
using Gureum.Local.Aws;

namespace Gureum.Benchmarks.Harness;

/// <summary>
/// What a <c>gureum run</c> process costs at steady state: the emulator's requests by service and
/// operation, and the process's CPU time and mean RSS, over P drift intervals.
/// </summary>
internal sealed record SteadyState(IReadOnlyDictionary<(string Service, string Operation), long> Calls, int Passes, TimeSpan Cpu, double MeanRssBytes)
{
    /// <summary>
    /// Waits <paramref name="settleIntervals"/> drift intervals (the passes that follow convergence still
    /// read fully), then counts over <paramref name="passes"/> intervals. The emulator's counts are the
    /// operator's only if nothing else calls its API meanwhile: benchmarks read its stores in-process.
    /// </summary>
    public static async Task<SteadyState> MeasureAsync(
        AwsEmulator emulator, OperatorProcess gureum, RssSampler rss, TimeSpan driftInterval, int settleIntervals, int passes,
        CancellationToken cancellationToken)
    {
        await Task.Delay(driftInterval * settleIntervals, cancellationToken);
        var before = emulator.Stats.RequestCounts;
        var usageBefore = gureum.Usage();
        rss.Reset();
        await Task.Delay(driftInterval * passes, cancellationToken);
        var after = emulator.Stats.RequestCounts;
        var usageAfter = gureum.Usage();
        var calls = after.Select(p => (p.Key, Delta: p.Value - before.GetValueOrDefault(p.Key)))
            .Where(p => p.Delta > 0).ToDictionary(p => p.Key, p => p.Delta);
        return new SteadyState(calls, passes, usageAfter.Cpu - usageBefore.Cpu, rss.MeanRssBytes);
    }

    /// <summary>Calls per drift pass to <paramref name="service"/> (its signing name), of the operations <paramref name="operation"/> accepts (all when null).</summary>
    public double PerPass(string service, Func<string, bool>? operation = null) =>
        (double)Calls.Where(p => p.Key.Service == service && (operation?.Invoke(p.Key.Operation) ?? true)).Sum(p => p.Value) / Passes;

    /// <summary>Per service, then per operation: <c>steady_calls_per_pass_SERVICE[_OPERATION]</c>; then CPU per pass and mean RSS.</summary>
    public ReportBuilder AddTo(ReportBuilder report)
    {
        foreach (var service in Calls.Keys.Select(k => k.Service).Distinct().Order(StringComparer.Ordinal))
        {
            report.Add($"steady_calls_per_pass_{service}", PerPass(service), "calls", $"{service} calls per drift pass at steady state");
            foreach (var (key, count) in Calls.Where(p => p.Key.Service == service).OrderBy(p => p.Key.Operation, StringComparer.Ordinal))
                report.Add($"steady_calls_per_pass_{service}_{key.Operation}", (double)count / Passes, "calls", $"  of which {key.Operation}");
        }
        return report.Add("operator_cpu_per_pass", Cpu.TotalSeconds / Passes, "s", "operator CPU time per drift pass at steady state")
            .Add("operator_rss_steady", MeanRssBytes / Bytes.PerMiB, "MiB", "operator RSS at steady state (mean over the passes)");
    }
}
