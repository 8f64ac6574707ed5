using Gureum.Api;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.DnsRecords;

/// <summary>Who a companion TXT record says owns a record set.</summary>
internal sealed record RecordOwner(string ClusterId, string Owner)
{
    public override string ToString() => $"{Owner} in cluster {ClusterId}";
}

/// <summary>
/// The companion TXT record that says a record set is Gureum's (after external-dns's TXT registry).
/// Its name is the record's name with <c>gureum-&lt;type&gt;-</c> prefixed to the first label:
/// <c>www.example.com.</c> A -> <c>gureum-a-www.example.com.</c>; the apex gets its own label,
/// <c>example.com.</c> MX -> <c>gureum-mx.example.com.</c>; a wildcard keeps <c>*</c> leftmost,
/// <c>*.dev.example.com.</c> A -> <c>*.gureum-a-dev.example.com.</c> and <c>*.example.com.</c> ->
/// <c>*.gureum-a.example.com.</c>. The type in the name keeps a CNAME's mark off its own name and
/// lets A and AAAA of one name have separate owners.
/// </summary>
internal static class OwnershipRecord
{
    public const string Heritage = "heritage=gureum";
    public const long Ttl = 300;

    public static string NameFor(string fqdn, string zoneName, DnsRecordType type)
    {
        var name = Normalise(fqdn);
        var zone = Normalise(zoneName);
        var wildcard = name.StartsWith("*.", StringComparison.Ordinal);
        var rest = wildcard ? name[2..] : name;
        var label = "gureum-" + type.ToString().ToLowerInvariant();
        var marked = rest == zone ? $"{label}.{zone}" : $"{label}-{rest}";
        return wildcard ? "*." + marked : marked;
    }

    /// <summary>The TXT value, quoted as Route53 wants it.</summary>
    public static string Value(string clusterId, string owner) =>
        $"\"{Heritage},{TagKeys.Cluster}={clusterId},{TagKeys.Owner}={owner}\"";

    /// <summary>The owner a TXT record names, or null when none of its values is a Gureum mark.</summary>
    public static RecordOwner? Parse(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            var text = string.Concat(RecordValues.TxtStrings(value));
            var fields = text.Split(',', StringSplitOptions.TrimEntries);
            if (!fields.Contains(Heritage, StringComparer.Ordinal))
                continue;
            string? Field(string key) => fields.FirstOrDefault(f => f.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
            return new RecordOwner(Field(TagKeys.Cluster) ?? "", Field(TagKeys.Owner) ?? "");
        }
        return null;
    }

    private static string Normalise(string name) => name.Trim().TrimEnd('.').ToLowerInvariant() + ".";
}
