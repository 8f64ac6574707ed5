using System.Globalization;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Common;

/// <summary>
/// Pure comparison helpers every kind's compare step uses; each difference is a
/// <c>{path, desired, actual}</c> entry, which is both the update plan and the drift report.
/// </summary>
public static class Drift
{
    public static DriftEntry Entry(string path, string? desired, string? actual) =>
        new() { Path = path, Desired = desired, Actual = actual };

    /// <summary>The entry a resource that should exist but does not yields.</summary>
    public static DriftEntry Missing(string path = "spec") => Entry(path, "present", "absent");

    public static IEnumerable<DriftEntry> Scalar<T>(string path, T desired, T actual) =>
        EqualityComparer<T>.Default.Equals(desired, actual) ? [] : [Entry(path, Text(desired), Text(actual))];

    /// <summary>Unordered sets; <paramref name="comparer"/> decides equality (ordinal by default).</summary>
    public static IEnumerable<DriftEntry> Set(string path, IEnumerable<string>? desired, IEnumerable<string>? actual, StringComparer? comparer = null)
    {
        comparer ??= StringComparer.Ordinal;
        var want = (desired ?? []).Distinct(comparer).Order(comparer).ToList();
        var have = (actual ?? []).Distinct(comparer).Order(comparer).ToList();
        return want.SequenceEqual(have, comparer) ? [] : [Entry(path, string.Join(", ", want), string.Join(", ", have))];
    }

    /// <summary>
    /// Tag maps, ignoring AWS's own <c>aws:</c> tags, which nobody can set or remove. Every tag key
    /// that differs is its own entry (<c>path[key]</c>).
    /// </summary>
    public static IEnumerable<DriftEntry> Tags(string path, IReadOnlyDictionary<string, string>? desired, IReadOnlyDictionary<string, string>? actual)
    {
        var want = desired ?? new Dictionary<string, string>();
        var have = (actual ?? new Dictionary<string, string>())
            .Where(tag => !tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(tag => tag.Key, tag => tag.Value, StringComparer.Ordinal);
        foreach (var key in want.Keys.Union(have.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            want.TryGetValue(key, out var w);
            have.TryGetValue(key, out var h);
            if (w != h)
                yield return Entry($"{path}[{key}]", w, h);
        }
    }

    /// <summary>JSON policy documents compared semantically (see <see cref="PolicyDocuments"/>).</summary>
    public static IEnumerable<DriftEntry> Policy(string path, string? desired, string? actual) =>
        PolicyDocuments.Equivalent(desired, actual) ? [] : [Entry(path, PolicyDocuments.Canonical(desired), PolicyDocuments.Canonical(actual))];

    /// <summary>One line for Events and condition messages.</summary>
    public static string Describe(IReadOnlyList<DriftEntry> entries) =>
        string.Join("; ", entries.Select(entry => $"{entry.Path}: want {entry.Desired ?? "(none)"}, found {entry.Actual ?? "(none)"}"));

    private static string? Text<T>(T value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
