namespace Gureum.Api.Validation;

public sealed record QualifiedName(string? Fqdn, string? Error)
{
    public bool IsValid => Fqdn is not null;
}

/// <summary>DNS name rules shared by validation and the DnsRecord controller.</summary>
public static class DnsNames
{
    /// <summary>
    /// www + example.com -> www.example.com.; @ -> the apex; a name already inside the zone
    /// (with or without the trailing dot) is kept; a name ending in a dot outside the zone is an error.
    /// </summary>
    public static QualifiedName Qualify(string name, string zone)
    {
        var zoneName = zone.Trim().TrimEnd('.').ToLowerInvariant();
        var value = name.Trim().ToLowerInvariant();
        if (zoneName.Length == 0)
            return new(null, "zone name is empty");
        if (value.Length == 0)
            return new(null, "name is empty");
        if (value == "@")
            return Checked(zoneName + ".");
        var bare = value.TrimEnd('.');
        if (bare == zoneName || bare.EndsWith("." + zoneName, StringComparison.Ordinal))
            return Checked(bare + ".");
        if (value.EndsWith('.'))
            return new(null, $"{name} is outside the zone {zoneName}");
        return Checked($"{bare}.{zoneName}.");
    }

    public static bool IsHostName(string value)
    {
        var bare = value.TrimEnd('.');
        return bare.Length is > 0 and <= 253 && bare.Split('.').All(IsLabel);
    }

    private static QualifiedName Checked(string fqdn) =>
        IsHostName(fqdn) ? new(fqdn, null) : new(null, $"{fqdn} is not a valid DNS name");

    // Route53 accepts underscores (_dmarc, SRV names) and a leading wildcard label.
    private static bool IsLabel(string label) =>
        label == "*" || (label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
}
