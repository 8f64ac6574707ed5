using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>What identifies a record set in a zone: name, type and (for weighted routing) set identifier.</summary>
internal readonly record struct RecordKey(string Name, string Type, string? SetIdentifier)
{
    public static RecordKey Of(ResourceRecordSet set) =>
        new(set.Name.TrimEnd('.').ToLowerInvariant() + ".", set.Type, set.SetIdentifier);
}
