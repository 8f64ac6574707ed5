namespace Gureum.Aws.Route53;

/// <summary>A hosted zone. <see cref="Id"/> is the bare id ("Z123..."), without "/hostedzone/";
/// <see cref="Name"/> is normalised (lower case, trailing dot, escapes decoded).</summary>
public sealed record HostedZone(string Id, string Name, string CallerReference, bool PrivateZone, string? Comment, long ResourceRecordSetCount);

public sealed record HostedZoneDetails(HostedZone Zone, IReadOnlyList<string> NameServers);

public sealed record HostedZonePage(IReadOnlyList<HostedZone> Zones, bool IsTruncated, string? NextDnsName, string? NextHostedZoneId);

public sealed record AliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);

/// <summary>A record set. <see cref="Name"/> is normalised like Route53 returns it with escapes decoded
/// (lower case, trailing dot, "*" not "\052"). Either <see cref="Ttl"/> + <see cref="Values"/> or <see cref="Alias"/>.</summary>
public sealed record ResourceRecordSet(
    string Name,
    string Type,
    long? Ttl,
    IReadOnlyList<string> Values,
    AliasTarget? Alias = null,
    string? SetIdentifier = null,
    long? Weight = null)
{
    public static ResourceRecordSet Simple(string name, string type, long ttl, params string[] values) =>
        new(name, type, ttl, values);

    /// <summary>Record sets compare by value, values in order.</summary>
    public bool Equals(ResourceRecordSet? other) =>
        other is not null
        && Name == other.Name && Type == other.Type && Ttl == other.Ttl
        && Values.SequenceEqual(other.Values)
        && Alias == other.Alias && SetIdentifier == other.SetIdentifier && Weight == other.Weight;

    public override int GetHashCode() => HashCode.Combine(Name, Type, SetIdentifier);
}

/// <summary>Where a ListResourceRecordSets page starts; Route53 sorts by name (labels reversed), type, identifier.</summary>
public sealed record RecordSetCursor(string Name, string? Type = null, string? SetIdentifier = null);

public sealed record ResourceRecordSetPage(IReadOnlyList<ResourceRecordSet> RecordSets, RecordSetCursor? Next)
{
    public bool IsTruncated => Next is not null;
}

public enum ChangeAction
{
    Create,
    Delete,
    Upsert,
}

public sealed record RecordChange(ChangeAction Action, ResourceRecordSet RecordSet);

public enum ChangeStatus
{
    Pending,
    InSync,
}

/// <summary><see cref="Id"/> is the bare change id ("C123..."), without "/change/".</summary>
public sealed record ChangeInfo(string Id, ChangeStatus Status, DateTimeOffset SubmittedAt, string? Comment);
