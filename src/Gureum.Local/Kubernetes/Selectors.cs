using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>Label selector (=, ==, !=, in, notin, exists, !exists) parsed from the query string.</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        foreach (var term in SplitTerms(text ?? ""))
        {
            selector._requirements.Add(ParseTerm(term));
        }
        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value?.ToString() ?? "";
            }
        }
        return _requirements.All(r => r(labels));
    }

    // Commas separate terms except inside the parentheses of in/notin.
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }
        var last = text[start..].Trim();
        if (last.Length > 0)
        {
            yield return last;
        }
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }
        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var set = term[(at + op.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')'))
                {
                    throw ApiError.BadRequest($"unable to parse requirement: found '{set}', expected: '('");
                }
                var values = set[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                    : labels => labels.TryGetValue(key, out var v) && values.Contains(v);
            }
        }
        var (name, value, equal) = SplitEquality(term);
        if (value is null)
        {
            return labels => labels.ContainsKey(name);
        }
        return equal
            ? labels => labels.TryGetValue(name, out var v) && v == value
            : labels => !labels.TryGetValue(name, out var v) || v != value;
    }

    internal static (string Key, string? Value, bool Equal) SplitEquality(string term)
    {
        foreach (var (op, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return (term[..at].Trim(), term[(at + op.Length)..].Trim(), equal);
            }
        }
        return (term.Trim(), null, true);
    }
}

/// <summary>Field selector: comma-separated key=value / key==value / key!=value on dotted paths.</summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, string Value, bool Equal)> _terms = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        foreach (var term in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value, equal) = LabelSelector.SplitEquality(term);
            if (value is null)
            {
                throw ApiError.BadRequest($"invalid field selector: '{term}': must be key=value, key==value or key!=value");
            }
            selector._terms.Add((key, value, equal));
        }
        return selector;
    }

    /// <summary>The name this selector pins with metadata.name=..., if any (kubectl wait/delete use it).</summary>
    public string? PinnedName => _terms.Where(t => t.Path == "metadata.name" && t.Equal).Select(t => t.Value).FirstOrDefault();

    public bool Matches(JsonObject obj) => _terms.All(t => (Lookup(obj, t.Path) == t.Value) == t.Equal);

    private static string Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
