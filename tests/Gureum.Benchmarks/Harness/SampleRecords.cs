using System.Globalization;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using k8s;
using k8s.Models;

namespace Gureum.Benchmarks.Harness;

/// <summary>DnsRecords in one zone, mostly A with some CNAME and TXT, and a bounded-parallel creator.</summary>
internal static class SampleRecords
{
    public const string Namespace = "default";

    /// <summary>Record i: every 10th a CNAME, every 10th (offset 5) a TXT, the rest A.</summary>
    public static DnsRecord Build(int i, string zone)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"bench-{i:D5}");
        var (type, values) = (i % 10) switch
        {
            0 => (DnsRecordType.CNAME, new[] { string.Create(CultureInfo.InvariantCulture, $"target-{i}.example.net") }),
            5 => (DnsRecordType.TXT, new[] { string.Create(CultureInfo.InvariantCulture, $"\"bench record {i}\"") }),
            _ => (DnsRecordType.A, new[] { string.Create(CultureInfo.InvariantCulture, $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}") }),
        };
        return new DnsRecord
        {
            ApiVersion = GureumApi.ApiVersion,
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new DnsRecordSpec { Zone = new DnsZoneSelector { Name = zone }, Name = name, Type = type, Values = values, Ttl = 300 },
        };
    }

    public static async Task CreateAsync(IKubernetes client, IEnumerable<DnsRecord> records, int parallelism, CancellationToken cancellationToken)
    {
        var kind = DnsRecord.Definition;
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (record, token) => await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                record, kind.Group, kind.Version, Namespace, kind.Plural, cancellationToken: token));
    }
}
