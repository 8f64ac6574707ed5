using System.Diagnostics;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Benchmarks.Reporting;
using k8s;

namespace Gureum.Benchmarks.Harness;

/// <summary>Converged = every object Ready and AWS holding every one of them (Route53 every record with its values, ...).</summary>
internal static class Convergence
{
    internal sealed record Result(bool Done, TimeSpan Elapsed, int Ready, int InAws);

    /// <summary>A convergence and this process's peak memory while it ran.</summary>
    internal sealed record Measured(Result Converged, long PeakManagedBytes, long PeakWorkingSetBytes);

    /// <summary>Creates <paramref name="objects"/> (<see cref="CreateAllAsync{T}"/>) and waits for them (<see cref="WaitAsync{T, TSpec, TStatus}"/>), sampling memory meanwhile.</summary>
    public static async Task<Measured> CreateAndWaitAsync<T, TSpec, TStatus>(
        IKubernetes client, KindDefinition kind, IReadOnlyList<T> objects, Func<CancellationToken, Task<int>> countInAws,
        TimeSpan timeout, CancellationToken cancellationToken)
        where T : GureumResource<TSpec, TStatus>
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus
    {
        await using var memory = new MemorySampler(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        await CreateAllAsync(client, kind, objects, cancellationToken);
        var converged = await WaitAsync<T, TSpec, TStatus>(client, kind, [.. objects.Select(o => o.Metadata.Name)], countInAws, clock, timeout, cancellationToken);
        return new Measured(converged, memory.PeakManagedBytes, memory.PeakWorkingSetBytes);
    }

    /// <summary>
    /// Polls the objects once a second (once every N/1000 s above 1,000 objects: listing 10,000
    /// objects costs the shared cores about a second); once all are Ready, calls <paramref name="countInRoute53"/>
    /// (how many of the records Route53 holds) and is done when it is all of them.
    /// </summary>
    public static Task<Result> WaitAsync(
        IKubernetes client, IReadOnlyList<DnsRecord> records, Func<CancellationToken, Task<int>> countInRoute53,
        Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync<DnsRecord, DnsRecordSpec, DnsRecordStatus>(client, DnsRecord.Definition, [.. records.Select(r => r.Metadata.Name)], countInRoute53, clock, timeout, cancellationToken);

    /// <summary>The same for any kind: every named object Ready, then <paramref name="countInAws"/> (how many AWS shows done) is all of them.</summary>
    public static async Task<Result> WaitAsync<T, TSpec, TStatus>(
        IKubernetes client, KindDefinition kind, IReadOnlyList<string> names, Func<CancellationToken, Task<int>> countInAws,
        Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
        where T : GureumResource<TSpec, TStatus>
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus
    {
        var ready = 0;
        var inAws = 0;
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        while (clock.Elapsed < timeout)
        {
            ready = await CountReadyAsync<T, TSpec, TStatus>(client, kind, wanted, cancellationToken);
            if (ready == names.Count)
            {
                var elapsed = clock.Elapsed;
                inAws = await countInAws(cancellationToken);
                if (inAws == names.Count)
                    return new Result(true, elapsed, ready, inAws);
            }
            await Task.Delay(PollInterval(names.Count), cancellationToken);
        }
        return new Result(false, clock.Elapsed, ready, inAws);
    }

    /// <summary>Creates the objects, eight requests at a time, as a user applying many files would.</summary>
    public static Task CreateAllAsync<T>(IKubernetes client, KindDefinition kind, IEnumerable<T> objects, CancellationToken cancellationToken)
        where T : class =>
        Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (resource, token) => await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                resource, kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, cancellationToken: token));

    /// <summary>Steady state: lets the passes that follow convergence settle (two drift intervals), then counts
    /// the calls <paramref name="calls"/> reports over <paramref name="passes"/> drift intervals, by key.</summary>
    public static async Task<Dictionary<string, long>> DriftPassCallsAsync(
        Func<Dictionary<string, long>> calls, TimeSpan driftInterval, int passes, CancellationToken cancellationToken)
    {
        await Task.Delay(driftInterval * 2, cancellationToken);
        var before = calls();
        await Task.Delay(driftInterval * passes, cancellationToken);
        var drift = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (operation, count) in calls())
            if (count - before.GetValueOrDefault(operation) is > 0 and var delta)
                drift[operation] = delta;
        return drift;
    }

    public static TimeSpan PollInterval(int objects) => TimeSpan.FromSeconds(Math.Max(1, objects / 1000));

    /// <summary>How many of the named objects are Ready, from one list of the namespace.</summary>
    public static async Task<int> CountReadyAsync<T, TSpec, TStatus>(IKubernetes client, KindDefinition kind, IReadOnlySet<string> names, CancellationToken cancellationToken)
        where T : GureumResource<TSpec, TStatus>
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<GureumResourceList<T>>(
            kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, cancellationToken: cancellationToken);
        return list.Items.Count(r => names.Contains(r.Metadata.Name) && IsReady(r.Status));
    }

    public static Task<int> CountReadyAsync(IKubernetes client, IReadOnlySet<string> names, CancellationToken cancellationToken) =>
        CountReadyAsync<DnsRecord, DnsRecordSpec, DnsRecordStatus>(client, DnsRecord.Definition, names, cancellationToken);

    public static bool IsReady(ResourceStatus? status) =>
        status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == ConditionStatus.True) == true;

    /// <summary>Whether a record set (name, type, values as Route53 gives them) is the record's, values compared as Route53 normalises them.</summary>
    public static bool Matches(DnsRecord record, string name, string type, IEnumerable<string> values) =>
        string.Equals(name.TrimEnd('.'), $"{record.Spec.Name}.{record.Spec.Zone.Name!.TrimEnd('.')}", StringComparison.OrdinalIgnoreCase)
        && type == record.Spec.Type.ToString()
        && values.Select(Normalize).Order(StringComparer.Ordinal).SequenceEqual(record.Spec.Values!.Select(Normalize).Order(StringComparer.Ordinal));

    private static string Normalize(string value) => value.Trim().TrimEnd('.').ToLowerInvariant();
}
