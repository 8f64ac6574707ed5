using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Gureum.Api.V1Alpha1;

/// <summary>A Route53 record set.</summary>
public sealed class DnsRecord() : GureumResource<DnsRecordSpec, DnsRecordStatus>(KindName)
{
    public const string KindName = "DnsRecord";

    public static KindDefinition Definition { get; } = KindDefinition.For<DnsRecord, DnsRecordSpec, DnsRecordStatus>(
        KindName, "dnsrecords", "dnsr", "DnsRecord is a Route53 record set kept equal to this spec.",
        new PrinterColumn("Type", "string", ".spec.type", "Record type"),
        new PrinterColumn("FQDN", "string", ".status.fqdn", "Fully qualified record name"));
}

[JsonConverter(typeof(JsonStringEnumConverter<DnsRecordType>))]
public enum DnsRecordType { A, AAAA, CAA, CNAME, MX, NS, PTR, SRV, TXT }

public sealed record DnsRecordSpec : ManagedSpec
{
    /// <summary>Route53's default when values are given and ttl is not.</summary>
    public const long DefaultTtl = 300;

    [JsonPropertyName("zone")]
    [Description("The hosted zone that holds the record: its name or its id, exactly one.")]
    public required DnsZoneSelector Zone { get; init; }

    [JsonPropertyName("name"), MinLength(1), MaxLength(255)]
    [Description("Record name, relative to the zone (www, @ for the apex) or fully qualified inside it (www.example.com.).")]
    public required string Name { get; init; }

    [JsonPropertyName("type")]
    [Description("Record type.")]
    public required DnsRecordType Type { get; init; }

    [JsonPropertyName("ttl"), Range(0, 2147483647)]
    [Description("Time to live in seconds for value records (300 when omitted); must be omitted for alias records.")]
    public long? Ttl { get; init; }

    [JsonPropertyName("values")]
    [Description("Record values in zone file syntax (an IP address, a host name, \"quoted text\", \"10 mail.example.com\"); exclusive with alias.")]
    public IReadOnlyList<string>? Values { get; init; }

    [JsonPropertyName("alias")]
    [Description("Route53 alias target; exclusive with values.")]
    public DnsAliasTarget? Alias { get; init; }

    [JsonPropertyName("setIdentifier"), MinLength(1), MaxLength(128)]
    [Description("Distinguishes records of the same name and type under weighted routing; required with weight.")]
    public string? SetIdentifier { get; init; }

    [JsonPropertyName("weight"), Range(0, 255)]
    [Description("Weighted routing weight (0..255); required with setIdentifier.")]
    public long? Weight { get; init; }

    [JsonIgnore]
    public long EffectiveTtl => Ttl ?? DefaultTtl;
}

public sealed record DnsZoneSelector
{
    [JsonPropertyName("name"), MaxLength(1024)]
    [Description("Hosted zone name, e.g. example.com.")]
    public string? Name { get; init; }

    [JsonPropertyName("hostedZoneId"), MaxLength(32)]
    [Description("Hosted zone id, e.g. Z0123456789ABCDEFGHIJ.")]
    public string? HostedZoneId { get; init; }
}

public sealed record DnsAliasTarget
{
    [JsonPropertyName("loadBalancerRef")]
    [Description("A LoadBalancer in the same namespace whose DNS name and zone become the target.")]
    public LocalObjectReference? LoadBalancerRef { get; init; }

    [JsonPropertyName("dnsName"), MaxLength(1024)]
    [Description("Explicit target DNS name; needs hostedZoneId.")]
    public string? DnsName { get; init; }

    [JsonPropertyName("hostedZoneId"), MaxLength(32)]
    [Description("Hosted zone id of the explicit target.")]
    public string? HostedZoneId { get; init; }

    [JsonPropertyName("evaluateTargetHealth"), DefaultValue(false)]
    [Description("Whether Route53 checks the health of the alias target.")]
    public bool EvaluateTargetHealth { get; init; }
}

public sealed record DnsRecordStatus : ResourceStatus
{
    [JsonPropertyName("fqdn")]
    [Description("Fully qualified record name with the trailing dot.")]
    public string? Fqdn { get; init; }

    [JsonPropertyName("hostedZoneId")]
    [Description("Id of the hosted zone that holds the record.")]
    public string? HostedZoneId { get; init; }

    [JsonPropertyName("changeId")]
    [Description("Id of the last ChangeResourceRecordSets change.")]
    public string? ChangeId { get; init; }

    [JsonPropertyName("changeStatus")]
    [Description("PENDING or INSYNC for the last change.")]
    public string? ChangeStatus { get; init; }
}
