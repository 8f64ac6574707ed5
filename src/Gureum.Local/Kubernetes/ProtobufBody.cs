using System.Text;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>
/// kubectl 1.32's imperative generators (create namespace/configmap/secret) send protobuf and do not
/// fall back to JSON. This reads the k8s protobuf envelope for those kinds: their ObjectMeta (name,
/// generateName, namespace, labels, annotations, finalizers) and data. Anything else is 415.
/// </summary>
internal static class ProtobufBody
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Read(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw ApiError.BadRequest("protobuf body without the k8s envelope");
        }
        string? apiVersion = null, kind = null;
        byte[] raw = [];
        foreach (var (field, value) in Fields(body[Magic.Length..]))
        {
            if (field == 1)
            {
                foreach (var (f, v) in Fields(value))
                {
                    if (f == 1) apiVersion = Text(v);
                    if (f == 2) kind = Text(v);
                }
            }
            if (field == 2) raw = value;
        }
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (field, value) in Fields(raw))
        {
            switch ((kind, field))
            {
                case (_, 1):
                    obj["metadata"] = Metadata(value);
                    break;
                case ("ConfigMap", 2):
                    AddEntry(obj, "data", value, Text);
                    break;
                case ("ConfigMap", 3):
                case ("Secret", 2):
                    AddEntry(obj, kind == "Secret" ? "data" : "binaryData", value, Convert.ToBase64String);
                    break;
                case ("Secret", 3):
                    obj["type"] = Text(value);
                    break;
                case ("Secret", 4):
                    AddEntry(obj, "stringData", value, Text);
                    break;
                case ("Namespace", 2):
                    obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray([.. Fields(value).Where(f => f.Field == 1).Select(f => (JsonNode)Text(f.Value))]) };
                    break;
                case ("Namespace" or "ConfigMap" or "Secret", _):
                    break;
                default:
                    throw ApiError.UnsupportedMediaType("application/vnd.kubernetes.protobuf for " + kind);
            }
        }
        return obj;
    }

    private static JsonObject Metadata(byte[] bytes)
    {
        var metadata = new JsonObject();
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1 or 2 or 3 when value.Length == 0: break;
                case 1: metadata["name"] = Text(value); break;
                case 2: metadata["generateName"] = Text(value); break;
                case 3: metadata["namespace"] = Text(value); break;
                case 11: AddEntry(metadata, "labels", value, Text); break;
                case 12: AddEntry(metadata, "annotations", value, Text); break;
                case 14:
                    if (metadata["finalizers"] is not JsonArray finalizers)
                    {
                        metadata["finalizers"] = finalizers = [];
                    }
                    finalizers.Add(Text(value));
                    break;
            }
        }
        return metadata;
    }

    private static void AddEntry(JsonObject target, string mapName, byte[] entry, Func<byte[], string> value)
    {
        if (target[mapName] is not JsonObject map)
        {
            target[mapName] = map = [];
        }
        string key = "", text = "";
        foreach (var (field, bytes) in Fields(entry))
        {
            if (field == 1) key = Text(bytes);
            if (field == 2) text = value(bytes);
        }
        map[key] = text;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    // Length-delimited fields as (number, bytes); varints come back as their raw encoding.
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var tag = Varint(message, ref at);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    var start = at;
                    Varint(message, ref at);
                    yield return (field, message[start..at]);
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    if (length < 0 || at + length > message.Length)
                    {
                        throw ApiError.BadRequest("truncated protobuf body");
                    }
                    yield return (field, message[at..(at + length)]);
                    at += length;
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    throw ApiError.BadRequest("unsupported protobuf wire type");
            }
        }
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw ApiError.BadRequest("truncated protobuf body");
            }
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw ApiError.BadRequest("malformed protobuf varint");
    }
}
