using System.Text;

namespace Gureum.Aws.Route53;

/// <summary>DNS names as Gureum compares them: lower case, with the trailing dot, and Route53's octal
/// escapes (<c>\052</c> for "*", any character outside a-z0-9-_. in listings) decoded.</summary>
public static class Route53Names
{
    public static string Normalize(string name)
    {
        var decoded = Unescape(name.Trim()).ToLowerInvariant();
        return decoded.EndsWith('.') ? decoded : decoded + ".";
    }

    public static string Unescape(string name)
    {
        if (!name.Contains('\\', StringComparison.Ordinal)) return name;
        var result = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && IsOctal(name, i + 1))
            {
                result.Append((char)Convert.ToInt32(name.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                result.Append(name[i]);
            }
        }
        return result.ToString();
    }

    /// <summary>The bare id: "/hostedzone/Z1" and "/change/C1" become "Z1" and "C1".</summary>
    public static string BareId(string id)
    {
        var slash = id.LastIndexOf('/');
        return slash < 0 ? id : id[(slash + 1)..];
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s[start] is >= '0' and <= '3' && s[start + 1] is >= '0' and <= '7' && s[start + 2] is >= '0' and <= '7';
}
