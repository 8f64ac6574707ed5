using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>A patch that cannot be applied; the server answers 422 (or 400 for a malformed patch document).</summary>
internal sealed class PatchException(string message, bool malformed = false) : Exception(message)
{
    public bool Malformed { get; } = malformed;
}

/// <summary>RFC 7386 JSON merge patch and RFC 6902 JSON patch over JsonNode. Inputs are not modified.</summary>
internal static class JsonPatches
{
    public static JsonNode? ApplyMergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject t ? t.DeepClone().AsObject() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else result[name] = ApplyMergePatch(result[name], value);
        }
        return result;
    }

    public static JsonNode? ApplyJsonPatch(JsonNode? target, JsonArray operations)
    {
        var document = target?.DeepClone();
        foreach (var entry in operations)
        {
            if (entry is not JsonObject op) throw new PatchException("json patch operation must be an object", malformed: true);
            var name = Text(op, "op");
            var path = Text(op, "path");
            switch (name)
            {
                case "add": document = Add(document, path, Value(op)); break;
                case "remove": document = Remove(document, path, out _); break;
                case "replace": document = Replace(document, path, Value(op)); break;
                case "move":
                {
                    var from = Text(op, "from");
                    if (path.StartsWith(from + "/", StringComparison.Ordinal))
                        throw new PatchException($"cannot move {from} into its own child {path}");
                    document = Remove(document, from, out var moved);
                    document = Add(document, path, moved);
                    break;
                }
                case "copy": document = Add(document, path, Get(document, Text(op, "from"))?.DeepClone()); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), Value(op)))
                        throw new PatchException($"testing value {path} failed: test failed");
                    break;
                default: throw new PatchException($"Unexpected kind: {name}", malformed: true);
            }
        }
        return document;
    }

    private static string Text(JsonObject op, string name) =>
        op[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s
        : throw new PatchException($"json patch operation is missing \"{name}\"", malformed: true);

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone()
        : throw new PatchException("json patch operation is missing \"value\"", malformed: true);

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new PatchException($"invalid JSON pointer {pointer}", malformed: true);
        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Get(JsonNode? document, string pointer)
    {
        var node = document;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new PatchException($"doc is missing path: \"{pointer}\""),
            };
        }
        return node;
    }

    private static JsonNode? Add(JsonNode? document, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0) return value;
        var parent = Get(document, string.Concat(tokens[..^1].Select(t => "/" + Escape(t))));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a:
                if (last == "-") a.Add(value);
                else if (int.TryParse(last, out var i) && i >= 0 && i <= a.Count) a.Insert(i, value);
                else throw new PatchException($"add operation does not apply: index {last} out of bounds in \"{pointer}\"");
                break;
            default: throw new PatchException($"add operation does not apply: doc is missing path: \"{pointer}\"");
        }
        return document;
    }

    // Replaces in place so that object keys keep their order.
    private static JsonNode? Replace(JsonNode? document, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0) return value;
        var parent = Get(document, string.Concat(tokens[..^1].Select(t => "/" + Escape(t))));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o[last] = value; break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count: a[i] = value; break;
            default: throw new PatchException($"doc is missing path: \"{pointer}\"");
        }
        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0)
        {
            removed = document;
            return null;
        }
        var parent = Get(document, string.Concat(tokens[..^1].Select(t => "/" + Escape(t))));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var child):
                removed = child;
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default: throw new PatchException($"doc is missing path: \"{pointer}\"");
        }
        return document;
    }

    private static string Escape(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
