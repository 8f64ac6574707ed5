using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gureum.Api.Crds;

/// <summary>Writes a JSON tree as block YAML, keeping key order and quoting strings YAML would read as something else.</summary>
public static class YamlWriter
{
    public static string Write(JsonNode node)
    {
        var stream = new YamlStream(new YamlDocument(ToYaml(node)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends documents with "...": drop it so the file reads like a hand-written manifest.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        JsonObject o => new YamlMappingNode(o.Select(p => new KeyValuePair<YamlNode, YamlNode>(
            new YamlScalarNode(p.Key), ToYaml(p.Value)))),
        JsonArray a => new YamlSequenceNode(a.Select(ToYaml)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => StringScalar(v.GetValue<string>()),
        JsonValue v => new YamlScalarNode(v.ToJsonString()) { Style = ScalarStyle.Plain },
        _ => throw new InvalidOperationException("Unknown JSON node."),
    };

    private static YamlScalarNode StringScalar(string value) =>
        new(value) { Style = LooksLikeNonString(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    private static bool LooksLikeNonString(string value) =>
        value.Length == 0
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || value.ToLowerInvariant() is "true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off" or "y" or "n";
}
