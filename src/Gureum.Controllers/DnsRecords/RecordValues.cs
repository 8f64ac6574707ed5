using System.Globalization;
using System.Net;
using System.Text;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.DnsRecords;

/// <summary>Canonical forms of record values, so that equal records compare equal however they were written.</summary>
internal static class RecordValues
{
    public static string Canonical(string type, string value)
    {
        var trimmed = value.Trim();
        return type switch
        {
            nameof(DnsRecordType.A) => trimmed,
            nameof(DnsRecordType.AAAA) => IPAddress.TryParse(trimmed, out var address) ? address.ToString() : trimmed.ToLowerInvariant(),
            nameof(DnsRecordType.CNAME) or nameof(DnsRecordType.NS) or nameof(DnsRecordType.PTR) => HostName(trimmed),
            nameof(DnsRecordType.MX) or nameof(DnsRecordType.SRV) => WithHostLast(trimmed),
            nameof(DnsRecordType.TXT) => string.Join(' ', TxtStrings(trimmed).Select(s => $"\"{s}\"")),
            _ => trimmed,
        };
    }

    /// <summary>Values as a set: order and spelling do not matter.</summary>
    public static IReadOnlyList<string> CanonicalSet(string type, IEnumerable<string> values) =>
        values.Select(value => Canonical(type, value)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public static string HostName(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>The contents of the quoted strings of a TXT value (escapes decoded); unquoted text is one string.</summary>
    public static IReadOnlyList<string> TxtStrings(string value)
    {
        var strings = new List<string>();
        var i = 0;
        var text = value.Trim();
        if (!text.StartsWith('"'))
            return [text];
        while (i < text.Length)
        {
            if (text[i] != '"')
            {
                i++;
                continue;
            }
            var current = new StringBuilder();
            i++;
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                    i++;
                current.Append(text[i]);
                i++;
            }
            strings.Add(current.ToString());
            i++;
        }
        return strings;
    }

    private static string WithHostLast(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            return value;
        parts[^1] = HostName(parts[^1]);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                parts[i] = number.ToString(CultureInfo.InvariantCulture);
        }
        return string.Join(' ', parts);
    }
}
