using System.Globalization;
using System.Xml.Linq;

namespace Gureum.Aws.Http;

/// <summary>Namespace-agnostic reading of AWS XML responses: each service uses its own namespace
/// (or none), and the shapes are addressed by local names only.</summary>
internal static class Xml
{
    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    /// <summary>The items of a list wrapper, e.g. <c>&lt;HostedZones&gt;&lt;HostedZone/&gt;...</c> or Query's <c>&lt;member&gt;</c>.</summary>
    public static IEnumerable<XElement> Items(this XElement element, string wrapper, string item) =>
        element.Child(wrapper)?.Children(item) ?? [];

    public static XElement? Descendant(this XElement element, string localName) =>
        element.Descendants().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string? Text(this XElement element, string localName) => element.Child(localName)?.Value;

    public static string RequiredText(this XElement element, string localName) =>
        element.Text(localName) ?? throw new FormatException($"<{element.Name.LocalName}> has no <{localName}>.");

    public static bool Bool(this XElement element, string localName) =>
        string.Equals(element.Text(localName), "true", StringComparison.OrdinalIgnoreCase);

    public static long? Long(this XElement element, string localName) =>
        element.Text(localName) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    public static int? Int(this XElement element, string localName) =>
        element.Text(localName) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    public static DateTimeOffset? Time(this XElement element, string localName) =>
        element.Text(localName) is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;

    public static XDocument Parse(string body) => XDocument.Parse(body, LoadOptions.None);
}
