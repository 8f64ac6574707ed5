using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gureum.Api;

/// <summary>
/// Reads YAML manifests into Gureum types. KubernetesClient's KubernetesYaml cannot: it knows neither
/// IReadOnlyList nor JsonStringEnumMemberName. This converts YAML to JSON (YAML 1.2 core-schema
/// typing) and lets k8s.KubernetesJson, the wire serializer, do the rest.
/// </summary>
public static class GureumYaml
{
    public static T Deserialize<T>(string yaml) => k8s.KubernetesJson.Deserialize<T>(ToJson(yaml).ToJsonString());

    public static JsonNode ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents.Single().RootNode)!;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(p =>
            new KeyValuePair<string, JsonNode?>(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } p => Plain(p.Value!),
        YamlScalarNode q => JsonValue.Create(q.Value),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static JsonNode? Plain(string value) => value switch
    {
        "null" or "~" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        _ => JsonValue.Create(value),
    };
}
