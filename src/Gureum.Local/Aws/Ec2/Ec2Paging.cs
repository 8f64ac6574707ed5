using System.Globalization;
using System.Text;

namespace Gureum.Local.Aws.Ec2;

/// <summary>EC2's MaxResults/NextToken paging over a listing in a stable order. The token is opaque to
/// callers (an offset here); without MaxResults everything comes back in one answer, as EC2 does.</summary>
internal static class Ec2Paging
{
    public static (IReadOnlyList<T> Items, string? NextToken) Page<T>(IReadOnlyList<T> all, Ec2Parameters p, int minResults, int maxResults)
    {
        var max = p.Int("MaxResults", minResults, maxResults);
        var start = p.Optional("NextToken") is { } token ? Offset(token) : 0;
        if (max is null)
            return (all.Skip(start).ToList(), null);
        var end = Math.Min(all.Count, start + max.Value);
        return (all.Skip(start).Take(max.Value).ToList(), end < all.Count ? Token(end) : null);
    }

    private static string Token(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"gureum-ec2-offset:{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static int Offset(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("gureum-ec2-offset:", StringComparison.Ordinal)
                && int.TryParse(text["gureum-ec2-offset:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return offset;
        }
        catch (FormatException)
        {
        }
        throw Ec2Errors.InvalidPaginationToken(token);
    }
}
