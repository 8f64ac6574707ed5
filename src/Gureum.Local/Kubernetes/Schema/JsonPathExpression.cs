using System.Globalization;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>
/// The kubectl JSONPath subset printer columns use: <c>.a.b</c>, <c>['a.b']</c>, <c>[0]</c>, <c>[*]</c>,
/// and filters <c>[?(@.type=="Ready")]</c> (also <c>!=</c>). Optional surrounding braces are accepted.
/// </summary>
internal sealed class JsonPathExpression
{
    private readonly List<Func<JsonNode?, IEnumerable<JsonNode?>>> _steps;

    private JsonPathExpression(List<Func<JsonNode?, IEnumerable<JsonNode?>>> steps) => _steps = steps;

    public static JsonPathExpression Parse(string expression)
    {
        var text = expression.Trim();
        if (text.StartsWith('{') && text.EndsWith('}')) text = text[1..^1].Trim();
        if (text.StartsWith('$')) text = text[1..];
        var steps = new List<Func<JsonNode?, IEnumerable<JsonNode?>>>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '[')) end++;
                var name = text[(i + 1)..end];
                if (name.Length > 0) steps.Add(Child(name));
                i = end;
            }
            else if (text[i] == '[')
            {
                var end = FindClosingBracket(text, i);
                steps.Add(Bracket(text[(i + 1)..end].Trim(), expression));
                i = end + 1;
            }
            else throw new FormatException($"unrecognized character in JSONPath {expression} at {i}");
        }
        return new JsonPathExpression(steps);
    }

    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps) current = current.SelectMany(step).ToList();
        return current.ToList();
    }

    private static int FindClosingBracket(string text, int open)
    {
        var quote = '\0';
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '"' or '\'') quote = c;
            else if (c == ']') return i;
        }
        throw new FormatException($"unterminated [ in JSONPath {text}");
    }

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Child(string name) =>
        node => node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? [child] : [];

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Bracket(string inner, string expression)
    {
        if (inner == "*")
            return node => node switch { JsonArray a => a, JsonObject o => o.Select(p => p.Value), _ => [] };
        if (inner.Length >= 2 && inner[0] is '\'' or '"')
            return Child(inner[1..^1]);
        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            return node => node is JsonArray a && (index < 0 ? a.Count + index : index) is var k && k >= 0 && k < a.Count ? [a[k]] : [];
        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
            return Filter(inner[2..^1].Trim(), expression);
        throw new FormatException($"unsupported JSONPath segment [{inner}] in {expression}");
    }

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Filter(string condition, string expression)
    {
        var op = condition.Contains("!=", StringComparison.Ordinal) ? "!=" : condition.Contains("==", StringComparison.Ordinal) ? "==" : null;
        if (op is null || !condition.StartsWith('@'))
        {
            // An existence filter: [?(@.name)]
            var exists = Parse(condition.TrimStart('@'));
            return node => Items(node).Where(item => exists.Evaluate(item).Count > 0);
        }
        var parts = condition.Split(op, 2);
        var left = Parse(parts[0].Trim()[1..]);
        var literal = parts[1].Trim();
        var expected = literal.Length >= 2 && literal[0] is '"' or '\'' ? (JsonNode?)JsonValue.Create(literal[1..^1]) : JsonNode.Parse(literal);
        return node => Items(node).Where(item =>
        {
            var matches = left.Evaluate(item).Any(v => JsonNode.DeepEquals(v, expected));
            return op == "==" ? matches : !matches;
        });
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node switch
    {
        JsonArray a => a,
        JsonObject o => o.Select(p => p.Value),
        _ => [],
    };
}
