using System.Text.RegularExpressions;

namespace Gureum.Local.Aws.Ec2;

internal sealed record Ec2Filter(string Name, IReadOnlyList<string> Values);

internal sealed record Ec2Tag(string Key, string Value);

/// <summary>The filters one kind of resource answers: each filter name reads some values of the resource;
/// tag filters (<c>tag:Key</c>, <c>tag-key</c>, <c>tag-value</c>) come for free. As on EC2: filters are
/// ANDed, a filter's values ORed, values may use <c>*</c> and <c>?</c>, an unknown filter name fails the call.</summary>
internal sealed class Ec2FilterSet<T>(
    IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> facets,
    Func<T, IReadOnlyList<Ec2Tag>> tags)
{
    public IReadOnlyList<T> Apply(IEnumerable<T> items, IReadOnlyList<Ec2Filter> filters)
    {
        var readers = filters.Select(f => (Filter: f, Read: Reader(f.Name))).ToList();
        return items.Where(item => readers.All(r =>
            r.Read(item).Any(value => value is not null && r.Filter.Values.Any(pattern => Matches(pattern, value))))).ToList();
    }

    private Func<T, IEnumerable<string?>> Reader(string name)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
        {
            var key = name["tag:".Length..];
            return item => tags(item).Where(t => t.Key == key).Select(t => t.Value);
        }
        return name switch
        {
            "tag-key" => item => tags(item).Select(t => t.Key),
            "tag-value" => item => tags(item).Select(t => t.Value),
            _ => facets.TryGetValue(name, out var read) ? read : throw Ec2Errors.InvalidFilter(name),
        };
    }

    private static bool Matches(string pattern, string value) =>
        !pattern.Contains('*') && !pattern.Contains('?')
            ? pattern == value
            : Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.Singleline);
}

internal static class Ec2Values
{
    public static string Bool(bool value) => value ? "true" : "false";
}
