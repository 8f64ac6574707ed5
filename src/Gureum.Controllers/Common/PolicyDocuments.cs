using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gureum.Controllers.Common;

/// <summary>
/// Semantic equality of IAM policy documents. IAM hands documents back URL-encoded and as it
/// stored them, so the same policy can differ in statement order, key order, a single string
/// versus a one-element list, or an omitted <c>Version</c> (IAM's default is 2008-10-17); none of
/// those is a difference.
/// </summary>
public static class PolicyDocuments
{
    private const string DefaultVersion = "2008-10-17";

    // Members whose value is a single string or a list of them, by IAM's grammar.
    private static readonly HashSet<string> ScalarMembers = new(StringComparer.Ordinal) { "Version", "Id", "Sid", "Effect" };

    public static bool Equivalent(string? left, string? right) =>
        string.Equals(Canonical(left), Canonical(right), StringComparison.Ordinal);

    /// <summary>One canonical JSON text for a document (decoded when URL-encoded); the input itself when it is not JSON.</summary>
    public static string? Canonical(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
            return null;
        var text = Decode(document);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return text;
        }
        if (node is JsonObject root && !root.ContainsKey("Version"))
            root["Version"] = DefaultVersion;
        return Normalise(node, null)?.ToJsonString() ?? "null";
    }

    /// <summary>IAM returns documents URL-encoded (RFC 3986); a JSON text never starts with '%'.</summary>
    public static string Decode(string document)
    {
        var trimmed = document.Trim();
        return trimmed.StartsWith('%') ? Uri.UnescapeDataString(trimmed) : trimmed;
    }

    private static JsonNode? Normalise(JsonNode? node, string? member)
    {
        switch (node)
        {
            case JsonObject statement when member == "Statement":
                // "Statement": {…} means a list of one.
                return SortedArray([Normalise(statement, null)]);
            case JsonObject obj:
            {
                var sorted = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                    sorted[key] = Normalise(value, key);
                return sorted;
            }
            case JsonArray array:
                return SortedArray(array.Select(item => Normalise(item, null)));
            case JsonValue value when member is not null && !ScalarMembers.Contains(member):
                // "Action": "s3:GetObject" means ["s3:GetObject"].
                return SortedArray([value.DeepClone()]);
            default:
                return node?.DeepClone();
        }
    }

    private static JsonArray SortedArray(IEnumerable<JsonNode?> items)
    {
        var distinct = items
            .Select(item => (Text: item?.ToJsonString() ?? "null", Item: item))
            .DistinctBy(pair => pair.Text, StringComparer.Ordinal)
            .OrderBy(pair => pair.Text, StringComparer.Ordinal)
            .Select(pair => pair.Item?.DeepClone());
        return new JsonArray([.. distinct]);
    }
}
