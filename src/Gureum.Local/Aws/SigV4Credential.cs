using System.Text.RegularExpressions;

namespace Gureum.Local.Aws;

/// <summary>What the <c>Authorization</c> header's credential scope says: who, when, where, which service.</summary>
internal sealed record SigV4Credential(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";
}

internal static partial class SigV4Authorization
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<akid>[^/,\s]+)/(?<date>\d{8})/(?<region>[^/,\s]+)/(?<service>[^/,\s]+)/aws4_request\s*,\s*SignedHeaders=(?<headers>[^,\s]+)\s*,\s*Signature=(?<sig>[0-9a-fA-F]+)\s*$")]
    private static partial Regex Pattern();

    /// <summary>Null when the header is absent or not a well-formed SigV4 header.</summary>
    public static SigV4Credential? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return null;
        var match = Pattern().Match(header.Trim());
        if (!match.Success)
            return null;
        return new SigV4Credential(
            match.Groups["akid"].Value,
            match.Groups["date"].Value,
            match.Groups["region"].Value,
            match.Groups["service"].Value,
            match.Groups["headers"].Value.Split(';'),
            match.Groups["sig"].Value.ToLowerInvariant());
    }
}
