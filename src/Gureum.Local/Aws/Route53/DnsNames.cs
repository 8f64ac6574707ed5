using System.Globalization;
using System.Text;

namespace Gureum.Local.Aws.Route53;

/// <summary>
/// Route53's handling of domain names. Stored names are canonical: lowercase, trailing dot,
/// escapes decoded (<c>\052</c> stored as <c>*</c>). Answers escape every character outside
/// a-z, 0-9, '-', '_' and '.' as a three-digit octal code, as Route53 does.
/// </summary>
internal static class DnsNames
{
    public static string Normalize(string name)
    {
        var decoded = new StringBuilder(name.Length);
        var trimmed = name.Trim();
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (trimmed[i] == '\\' && IsOctal(trimmed, i + 1))
            {
                decoded.Append((char)Convert.ToInt32(trimmed.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                decoded.Append(trimmed[i]);
            }
        }
        var lower = decoded.ToString().ToLowerInvariant();
        return lower.EndsWith('.') ? lower : lower + ".";
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s.Substring(start, 3).All(c => c is >= '0' and <= '7');

    public static string Format(string canonical)
    {
        var builder = new StringBuilder(canonical.Length);
        foreach (var c in canonical)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.')
                builder.Append(c);
            else
                builder.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
        }
        return builder.ToString();
    }

    /// <summary>The FATAL problem Route53 reports for a malformed name, or null.</summary>
    public static string? Problem(string canonical)
    {
        var body = canonical.TrimEnd('.');
        if (canonical == ".")
            return null;
        if (canonical.Length > 255)
            return $"FATAL problem: DomainNameTooLong (Domain name too long) encountered with '{canonical}'";
        foreach (var label in body.Split('.'))
        {
            if (label.Length == 0)
                return $"FATAL problem: DomainLabelEmpty (Domain label is empty) encountered with '{canonical}'";
            if (label.Length > 63)
                return $"FATAL problem: DomainLabelTooLong (Domain label is too long) encountered with '{canonical}'";
        }
        return null;
    }

    public static bool IsWithin(string name, string zone) =>
        name == zone || name.EndsWith("." + zone, StringComparison.Ordinal) || zone == ".";

    /// <summary>
    /// Route53's listing order: ASCII order of the escaped name with its labels reversed and the
    /// trailing dot kept (www.example.com. sorts as com.example.www.), so "a-" sorts before "a".
    /// </summary>
    public static int CompareReversed(string a, string b) =>
        string.CompareOrdinal(SortKey(a), SortKey(b));

    public static string SortKey(string canonical) =>
        canonical == "." ? "." : string.Join('.', Format(canonical).TrimEnd('.').Split('.').Reverse()) + ".";

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
