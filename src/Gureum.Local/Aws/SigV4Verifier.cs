using System.Security.Cryptography;
using System.Text;

namespace Gureum.Local.Aws;

/// <summary>
/// Recomputes a SigV4 signature by the published algorithm, for verification only (the emulator
/// never signs). Canonical URI follows the non-S3 rule: each path segment URI-encoded once more.
/// </summary>
internal static class SigV4Verifier
{
    public sealed record SignedRequest(
        string Method,
        string RawPath,
        string RawQuery,
        Func<string, string?> Header,
        byte[] Body);

    public static bool Verify(SigV4Credential credential, SignedRequest request, string secretAccessKey)
    {
        var amzDate = request.Header("x-amz-date");
        if (amzDate is null)
            return false;
        var canonical = CanonicalRequest(credential, request);
        var stringToSign = string.Join('\n',
            SigV4Authorization.Algorithm, amzDate, credential.Scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), credential.Date);
        key = Hmac(key, credential.Region);
        key = Hmac(key, credential.Service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(credential.Signature));
    }

    internal static string CanonicalRequest(SigV4Credential credential, SignedRequest request)
    {
        var headers = credential.SignedHeaders
            .Select(name => $"{name}:{CollapseSpaces(request.Header(name) ?? "")}\n");
        var payloadHash = request.Header("x-amz-content-sha256") is { Length: > 0 } declared
            && declared != "UNSIGNED-PAYLOAD" ? declared : Hex(SHA256.HashData(request.Body));
        return string.Join('\n',
            request.Method,
            CanonicalUri(request.RawPath),
            CanonicalQuery(request.RawQuery),
            string.Concat(headers),
            string.Join(';', credential.SignedHeaders),
            payloadHash);
    }

    private static string CanonicalUri(string rawPath) =>
        rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(Uri.EscapeDataString));

    private static string CanonicalQuery(string rawQuery)
    {
        var pairs = rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? "" : pair[(eq + 1)..];
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static string Encode(string component) =>
        Uri.EscapeDataString(Uri.UnescapeDataString(component));

    private static string CollapseSpaces(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
