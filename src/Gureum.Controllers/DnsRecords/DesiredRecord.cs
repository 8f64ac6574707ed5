using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>The record set and its ownership mark that a valid spec asks for.</summary>
internal sealed record DesiredRecord(ResourceRecordSet RecordSet, ResourceRecordSet Ownership)
{
    public static DesiredRecord From(DnsRecordSpec spec, string fqdn, string zoneName, AliasTarget? alias, string ownershipValue)
    {
        var type = spec.Type.ToString();
        var recordSet = alias is not null
            ? new ResourceRecordSet(fqdn, type, null, [], alias with { DnsName = EnsureDot(alias.DnsName) }, spec.SetIdentifier, spec.Weight)
            : new ResourceRecordSet(fqdn, type, spec.EffectiveTtl, [.. spec.Values ?? []], null, spec.SetIdentifier, spec.Weight);
        var ownership = new ResourceRecordSet(
            OwnershipRecord.NameFor(fqdn, zoneName, spec.Type), "TXT", OwnershipRecord.Ttl, [ownershipValue], null,
            spec.SetIdentifier, spec.Weight);
        return new DesiredRecord(recordSet, ownership);
    }

    private static string EnsureDot(string name) => name.Trim().TrimEnd('.').ToLowerInvariant() + ".";
}
