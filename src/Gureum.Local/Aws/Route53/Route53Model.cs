using System.Text.Json.Serialization;

namespace Gureum.Local.Aws.Route53;

internal sealed record HostedZone(
    string Id,
    string Name,
    string CallerReference,
    string? Comment,
    bool PrivateZone,
    IReadOnlyList<string> NameServers);

internal sealed record AliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);

internal sealed record RecordKey(string Name, string Type, string? SetIdentifier)
{
    // Computed once: sorting a large zone compares keys many times.
    public string SortName { get; } = DnsNames.SortKey(Name);
}

internal sealed record RecordSet
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public string? SetIdentifier { get; init; }
    public long? Weight { get; init; }
    public string? Region { get; init; }
    public string? Failover { get; init; }
    public bool? MultiValueAnswer { get; init; }
    public long? Ttl { get; init; }
    public IReadOnlyList<string> Values { get; init; } = [];
    public AliasTarget? AliasTarget { get; init; }
    public string? HealthCheckId { get; init; }

    [JsonIgnore]
    public RecordKey Key => new(Name, Type, SetIdentifier);

    /// <summary>Route53 deletes only a set given with exactly its current values.</summary>
    public bool SameContentAs(RecordSet other) =>
        Key == other.Key
        && Weight == other.Weight
        && Region == other.Region
        && Failover == other.Failover
        && MultiValueAnswer == other.MultiValueAnswer
        && Ttl == other.Ttl
        && AliasTarget == other.AliasTarget
        && HealthCheckId == other.HealthCheckId
        && Values.Order(StringComparer.Ordinal).SequenceEqual(other.Values.Order(StringComparer.Ordinal));

    public string Describe() => SetIdentifier is null
        ? $"[name='{DnsNames.Format(Name)}', type='{Type}']"
        : $"[name='{DnsNames.Format(Name)}', type='{Type}', set-identifier='{SetIdentifier}']";
}

internal enum ChangeAction
{
    Create,
    Delete,
    Upsert,
}

internal sealed record RecordChange(ChangeAction Action, RecordSet RecordSet);

internal sealed record ChangeRecord(string Id, DateTimeOffset SubmittedAt, string? Comment);

internal static class RecordOrder
{
    public static readonly Comparer<RecordKey> Instance = Comparer<RecordKey>.Create((a, b) =>
    {
        var byName = string.CompareOrdinal(a.SortName, b.SortName);
        if (byName != 0)
            return byName;
        var byType = string.CompareOrdinal(a.Type, b.Type);
        return byType != 0 ? byType : string.CompareOrdinal(a.SetIdentifier, b.SetIdentifier);
    });
}
