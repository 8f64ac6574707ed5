using System.Globalization;
using System.Text;

namespace Gureum.Local.Aws.Query;

/// <summary>An opaque page token for Query listings (IAM's Marker, ELBv2's NextMarker): the next item's
/// index, base64 so clients treat it as opaque.</summary>
internal static class QueryMarker
{
    private const string Prefix = "gureum:";

    public static string Encode(int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(Prefix + index.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The index, or null when the marker is not one of ours (or past the end).</summary>
    public static int? Decode(string marker, int count)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(marker));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index <= count)
                return index;
        }
        catch (FormatException)
        {
        }
        return null;
    }
}
