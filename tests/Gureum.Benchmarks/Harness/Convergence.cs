using System.Diagnostics;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using k8s;

namespace Gureum.Benchmarks.Harness;

/// <summary>Converged = every object Ready and Route53 holding every record with its values.</summary>
internal static class Convergence
{
    internal sealed record Result(bool Done, TimeSpan Elapsed, int Ready, int InRoute53);

    /// <summary>
    /// Polls the objects once a second (once every N/1000 s above 1,000 objects: listing 10,000
    /// objects costs the shared cores about a second); once all are Ready, calls <paramref name="countInRoute53"/>
    /// (how many of the records Route53 holds) and is done when it is all of them.
    /// </summary>
    public static async Task<Result> WaitAsync(
        IKubernetes client, IReadOnlyList<DnsRecord> records, Func<CancellationToken, Task<int>> countInRoute53,
        Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ready = 0;
        var inRoute53 = 0;
        var names = records.Select(r => r.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        while (clock.Elapsed < timeout)
        {
            ready = await CountReadyAsync(client, names, cancellationToken);
            if (ready == records.Count)
            {
                var elapsed = clock.Elapsed;
                inRoute53 = await countInRoute53(cancellationToken);
                if (inRoute53 == records.Count)
                    return new Result(true, elapsed, ready, inRoute53);
            }
            await Task.Delay(PollInterval(records.Count), cancellationToken);
        }
        return new Result(false, clock.Elapsed, ready, inRoute53);
    }

    public static TimeSpan PollInterval(int objects) => TimeSpan.FromSeconds(Math.Max(1, objects / 1000));

    /// <summary>How many of the named DnsRecords are Ready, from one list of the namespace.</summary>
    public static async Task<int> CountReadyAsync(IKubernetes client, IReadOnlySet<string> names, CancellationToken cancellationToken)
    {
        var kind = DnsRecord.Definition;
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<GureumResourceList<DnsRecord>>(
            kind.Group, kind.Version, SampleRecords.Namespace, kind.Plural, cancellationToken: cancellationToken);
        return list.Items.Count(r => names.Contains(r.Metadata.Name) && IsReady(r));
    }

    public static bool IsReady(DnsRecord record) =>
        record.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == ConditionStatus.True) == true;

    /// <summary>Whether a record set (name, type, values as Route53 gives them) is the record's, values compared as Route53 normalises them.</summary>
    public static bool Matches(DnsRecord record, string name, string type, IEnumerable<string> values) =>
        string.Equals(name.TrimEnd('.'), $"{record.Spec.Name}.{record.Spec.Zone.Name!.TrimEnd('.')}", StringComparison.OrdinalIgnoreCase)
        && type == record.Spec.Type.ToString()
        && values.Select(Normalize).Order(StringComparer.Ordinal).SequenceEqual(record.Spec.Values!.Select(Normalize).Order(StringComparer.Ordinal));

    private static string Normalize(string value) => value.Trim().TrimEnd('.').ToLowerInvariant();
}
