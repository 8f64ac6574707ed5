using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gureum.Local.Aws.Route53;

/// <summary>
/// Checks of one change that do not depend on the zone's contents. Shape errors (TTL, weight,
/// alias xor values) are InvalidInput; record data errors are the FATAL problems Route53 lists in
/// InvalidChangeBatch.
/// </summary>
internal static class RecordValidation
{
    public const int MaxRecords = 1000;
    public const int MaxValueCharacters = 32000;

    private static readonly HashSet<string> Types =
        ["A", "AAAA", "CAA", "CNAME", "DS", "HTTPS", "MX", "NAPTR", "NS", "PTR", "SOA", "SPF", "SRV", "SSHFP", "SVCB", "TLSA", "TXT"];

    /// <summary>An InvalidInput message, or null.</summary>
    public static string? InputProblem(RecordChange change)
    {
        var set = change.RecordSet;
        var where = $"in Change with [Action={change.Action.ToString().ToUpperInvariant()}, Name={DnsNames.Format(set.Name)}, Type={set.Type}, SetIdentifier={set.SetIdentifier ?? "null"}]";
        if (!Types.Contains(set.Type))
            return $"Invalid XML ; unknown record type '{set.Type}'";
        if (set.Ttl is < 0 or > 2147483647)
            return $"1 validation error detected: Value '{set.Ttl}' at 'changeBatch.changes.member.resourceRecordSet.tTL' failed to satisfy constraint: Member must have value {(set.Ttl < 0 ? "greater than or equal to 0" : "less than or equal to 2147483647")}";
        if (set.Weight is < 0 or > 255)
            return $"1 validation error detected: Value '{set.Weight}' at 'changeBatch.changes.member.resourceRecordSet.weight' failed to satisfy constraint: Member must have value {(set.Weight < 0 ? "greater than or equal to 0" : "less than or equal to 255")}";
        if (set.SetIdentifier is { Length: 0 or > 128 })
            return $"1 validation error detected: Value '{set.SetIdentifier}' at 'changeBatch.changes.member.resourceRecordSet.setIdentifier' failed to satisfy constraint: Member must have length between 1 and 128";

        var hasAlias = set.AliasTarget is not null;
        var hasValues = set.Ttl is not null || set.Values.Count > 0;
        if (hasAlias && hasValues)
            return $"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one {where}";
        if (!hasAlias && (set.Ttl is null || set.Values.Count == 0))
            return set.Ttl is null && set.Values.Count == 0
                ? $"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none {where}"
                : $"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found [{(set.Ttl is null ? "ResourceRecords" : "TTL")}] {where}";
        if (set.Weight is not null && set.SetIdentifier is null)
            return $"Invalid request: Missing field 'SetIdentifier' {where}";
        if (set.SetIdentifier is not null && set.Weight is null && set.Region is null && set.Failover is null && set.MultiValueAnswer is null)
            return $"Invalid request: Missing field 'Weight' {where}";
        if (set.AliasTarget is { } alias && (alias.HostedZoneId.Length == 0 || alias.DnsName is "" or "."))
            return $"Invalid request: Missing field 'HostedZoneId' or 'DNSName' in AliasTarget {where}";
        if (set.Values.Any(v => v.Length > 4000))
            return $"1 validation error detected: Value at 'changeBatch.changes.member.resourceRecordSet.resourceRecords.member.value' failed to satisfy constraint: Member must have length less than or equal to 4000";
        return null;
    }

    /// <summary>Route53 counts ResourceRecord elements and value characters; an UPSERT counts twice.</summary>
    public static string? BatchSizeProblem(IReadOnlyList<RecordChange> changes)
    {
        if (changes.Count == 0)
            return "1 validation error detected: Value '[]' at 'changeBatch.changes' failed to satisfy constraint: Member must have length greater than or equal to 1";
        long records = 0, characters = 0;
        foreach (var change in changes)
        {
            var factor = change.Action == ChangeAction.Upsert ? 2 : 1;
            records += factor * Math.Max(1, change.RecordSet.Values.Count);
            characters += factor * change.RecordSet.Values.Sum(v => (long)v.Length);
        }
        if (records > MaxRecords)
            return $"Number of records limit of {MaxRecords} exceeded.";
        if (characters > MaxValueCharacters)
            return $"Number of characters in record values limit of {MaxValueCharacters} exceeded.";
        return null;
    }

    /// <summary>InvalidChangeBatch messages about the record's name and data.</summary>
    public static IEnumerable<string> DataProblems(RecordSet set)
    {
        if (DnsNames.Problem(set.Name) is { } nameProblem)
        {
            yield return nameProblem;
            yield break;
        }
        if (set.Type == "CNAME" && set.Values.Count > 1)
            yield return $"Invalid Resource Record: 'FATAL problem: RRSet of type CNAME with DNS name {DnsNames.Format(set.Name)} contains more than one value'";
        foreach (var value in set.Values)
        {
            if (ValueProblem(set.Type, value) is { } problem)
                yield return $"Invalid Resource Record: 'FATAL problem: {problem} encountered with '{value}''";
        }
    }

    private static string? ValueProblem(string type, string value) => type switch
    {
        "A" => IsIPv4(value) ? null : "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)",
        "AAAA" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && !value.Contains('%', StringComparison.Ordinal)
            ? null : "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)",
        "CNAME" or "NS" or "PTR" => IsHostName(value) ? null : "DomainLabelEmpty (Domain label is empty)",
        "MX" => Fields(value) is [var priority, var host] && IsUShort(priority) && IsHostName(host)
            ? null : "MXRRDATANotTwoFields (MX record must have two fields: priority and host)",
        "SRV" => Fields(value) is [var p, var w, var port, var target] && IsUShort(p) && IsUShort(w) && IsUShort(port) && IsHostName(target)
            ? null : "SRVRRDATANotFourFields (SRV record must have four fields: priority, weight, port and target)",
        "TXT" or "SPF" => IsCharacterStrings(value) ? null : "InvalidCharacterString (Value should be enclosed in quotation marks)",
        "CAA" => Fields(value) is [var flags, _, var caaValue, ..] && IsUShort(flags) && caaValue.StartsWith('"')
            ? null : "CAARRDATAIllegal (CAA record must have flags, tag and a quoted value)",
        _ => value.Trim().Length == 0 ? "EmptyValue (Value is empty)" : null,
    };

    private static bool IsIPv4(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsUShort(string value) =>
        ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static bool IsHostName(string value) =>
        value.Trim().Length > 0 && !value.Contains(' ', StringComparison.Ordinal) && DnsNames.Problem(DnsNames.Normalize(value)) is null;

    private static string[] Fields(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>One or more quoted strings of at most 255 characters, separated by spaces.</summary>
    private static bool IsCharacterStrings(string value)
    {
        var i = 0;
        var strings = 0;
        while (i < value.Length)
        {
            if (value[i] == ' ')
            {
                i++;
                continue;
            }
            if (value[i] != '"')
                return false;
            var length = 0;
            i++;
            while (i < value.Length && value[i] != '"')
            {
                i += value[i] == '\\' ? 2 : 1;
                length++;
            }
            if (i >= value.Length || length > 255)
                return false;
            i++;
            strings++;
        }
        return strings > 0;
    }
}
