using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>
/// One CRD version's structural <c>openAPIV3Schema</c>: validation with kube-apiserver's wording,
/// defaulting and pruning. The server runs them in apiextensions' order: Prune, ApplyDefaults, Validate.
/// </summary>
internal sealed class CrdSchema(JsonObject openApiV3Schema)
{
    private static readonly string[] RootMeta = ["apiVersion", "kind", "metadata"];

    public JsonObject Root { get; } = openApiV3Schema;

    public static CrdSchema Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>The schema of <paramref name="version"/> in a CustomResourceDefinition object; null when it has none.</summary>
    public static CrdSchema? ForVersion(JsonObject crd, string version) =>
        crd["spec"]?["versions"] is JsonArray versions &&
        versions.OfType<JsonObject>().FirstOrDefault(v => (string?)v["name"] == version)?["schema"]?["openAPIV3Schema"] is JsonObject schema
            ? new CrdSchema(schema) : null;

    /// <summary>The 400 message for <c>fieldValidation=Strict</c>, given the paths <see cref="Prune"/> returned.</summary>
    public static string StrictDecodingMessage(IEnumerable<string> unknownFields) =>
        "strict decoding error: " + string.Join(", ", UnknownFieldWarnings(unknownFields));

    /// <summary>One warning per field for <c>fieldValidation=Warn</c> (sent as <c>Warning: 299 - "..."</c> headers).</summary>
    public static IEnumerable<string> UnknownFieldWarnings(IEnumerable<string> unknownFields) =>
        unknownFields.Select(f => $"unknown field \"{f}\"");

    public IReadOnlyList<FieldCause> Validate(JsonObject obj)
    {
        var causes = new List<FieldCause>();
        if (obj["metadata"] is { } metadata && metadata is not JsonObject)
            causes.Add(FieldCause.TypeInvalid("metadata", TypeName(metadata), "metadata in body must be of type object: " + Quote(TypeName(metadata))));
        ValidateObjectProperties(Root, obj, "", causes, isRoot: true);
        return causes;
    }

    public void ApplyDefaults(JsonObject obj) => Default(Root, obj, isRoot: true);

    /// <summary>
    /// Removes fields the schema does not know and returns their paths (e.g. <c>spec.foo</c>) in document order;
    /// also drops null values of non-nullable fields (not reported), as apiextensions v1 does.
    /// </summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        var removed = new List<string>();
        PruneObject(Root, obj, "", removed, isRoot: true);
        return removed;
    }

    // ---- validation ----

    private static void ValidateNode(JsonObject schema, JsonNode? value, string path, List<FieldCause> causes)
    {
        if (value is null)
        {
            if (!Flag(schema, "nullable") && schema["type"] is not null)
                causes.Add(FieldCause.TypeInvalid(path, "null", $"{path} in body must be of type {Str(schema, "type")}: \"null\""));
            return;
        }
        var actual = TypeName(value);
        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (actual is not ("string" or "integer"))
                causes.Add(FieldCause.TypeInvalid(path, actual, $"{path} in body must be of type integer,string: {Quote(actual)}"));
            else ValidateScalar(schema, value, actual, path, causes);
            return;
        }
        var type = Str(schema, "type");
        if (type is not null && !TypeMatches(type, actual))
        {
            causes.Add(FieldCause.TypeInvalid(path, actual, $"{path} in body must be of type {type}: {Quote(actual)}"));
            return;
        }
        switch (value)
        {
            case JsonObject o: ValidateObjectProperties(schema, o, path, causes, isRoot: false); break;
            case JsonArray a: ValidateArray(schema, a, path, causes); break;
            default: ValidateScalar(schema, value, actual, path, causes); break;
        }
        ValidateEnum(schema, value, path, causes);
    }

    private static void ValidateObjectProperties(JsonObject schema, JsonObject obj, string path, List<FieldCause> causes, bool isRoot)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
                if (!obj.ContainsKey(name) && !(isRoot && RootMeta.Contains(name)))
                    causes.Add(FieldCause.Required(FieldPath.Child(path, name)));
        foreach (var (name, child) in obj)
        {
            if (isRoot && RootMeta.Contains(name)) continue;
            var childPath = FieldPath.Child(path, name);
            if (properties?[name] is JsonObject propertySchema)
                ValidateNode(propertySchema, child, childPath, causes);
            else if (schema["additionalProperties"] is JsonObject valueSchema)
                ValidateNode(valueSchema, child, childPath, causes);
        }
    }

    private static void ValidateArray(JsonObject schema, JsonArray array, string path, List<FieldCause> causes)
    {
        if (Long(schema, "maxItems") is { } max && array.Count > max)
            causes.Add(FieldCause.TooMany(path, array.Count, max));
        if (Long(schema, "minItems") is { } min && array.Count < min)
            causes.Add(FieldCause.Invalid(path, array, $"{path} in body should have at least {min} items"));
        if (schema["items"] is JsonObject items)
            for (var i = 0; i < array.Count; i++)
                ValidateNode(items, array[i], FieldPath.Index(path, i), causes);
        if (Str(schema, "x-kubernetes-list-type") == "set")
            for (var i = 0; i < array.Count; i++)
                for (var j = 0; j < i; j++)
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        causes.Add(FieldCause.Duplicate(FieldPath.Index(path, i), array[i]));
                        break;
                    }
    }

    private static void ValidateScalar(JsonObject schema, JsonNode value, string actual, string path, List<FieldCause> causes)
    {
        if (actual is "integer" or "number")
        {
            var number = ToDouble(value.AsValue());
            if (Double(schema, "minimum") is { } min)
            {
                var exclusive = Flag(schema, "exclusiveMinimum");
                if (exclusive ? number <= min : number < min)
                    causes.Add(FieldCause.Invalid(path, value, $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{Num(min)}"));
            }
            if (Double(schema, "maximum") is { } max)
            {
                var exclusive = Flag(schema, "exclusiveMaximum");
                if (exclusive ? number >= max : number > max)
                    causes.Add(FieldCause.Invalid(path, value, $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{Num(max)}"));
            }
            if (Double(schema, "multipleOf") is { } factor && factor != 0 && Math.Abs(Math.IEEERemainder(number, factor)) > 1e-9)
                causes.Add(FieldCause.Invalid(path, value, $"{path} in body should be a multiple of {Num(factor)}"));
            if (Str(schema, "format") == "int32" && actual == "integer" && (number < int.MinValue || number > int.MaxValue))
                causes.Add(FieldCause.Invalid(path, value, $"{path} in body must be of type int32: {Quote(Num(number))}"));
        }
        if (actual == "string")
        {
            var text = value.GetValue<string>();
            var length = new StringInfo(text).LengthInTextElements;
            if (Long(schema, "maxLength") is { } max && length > max)
                causes.Add(FieldCause.TooLong(path, max));
            if (Long(schema, "minLength") is { } min && length < min)
                causes.Add(FieldCause.Invalid(path, value, $"{path} in body should be at least {min} chars long"));
            if (Str(schema, "pattern") is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                causes.Add(FieldCause.Invalid(path, value, $"{path} in body should match '{pattern}'"));
            if (Str(schema, "format") is { } format && !FormatMatches(format, text))
                causes.Add(FieldCause.Invalid(path, value, $"{path} in body must be of type {format}: {Quote(text)}"));
        }
    }

    private static void ValidateEnum(JsonObject schema, JsonNode value, string path, List<FieldCause> causes)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            causes.Add(FieldCause.NotSupported(path, value, allowed));
    }

    private static bool FormatMatches(string format, string text) => format switch
    {
        "date-time" => DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "byte" => IsBase64(text),
        "uuid" => Guid.TryParseExact(text, "D", out _),
        "ipv4" => System.Net.IPAddress.TryParse(text, out var ip4) && ip4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3,
        "ipv6" => System.Net.IPAddress.TryParse(text, out var ip6) && ip6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        _ => true, // unknown formats are ignored, as kube-openapi does
    };

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    // ---- defaulting ----

    private static void Default(JsonObject schema, JsonNode? node, bool isRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                if (schema["properties"] is JsonObject properties)
                    foreach (var (name, propertySchema) in properties)
                    {
                        if (isRoot && RootMeta.Contains(name) || propertySchema is not JsonObject ps) continue;
                        var missing = !obj.TryGetPropertyValue(name, out var current) || current is null && !Flag(ps, "nullable");
                        if (missing && ps["default"] is { } defaultValue)
                            obj[name] = defaultValue.DeepClone();
                        if (obj[name] is { } child) Default(ps, child, false);
                    }
                if (schema["additionalProperties"] is JsonObject valueSchema)
                    foreach (var (name, child) in obj.ToList())
                        if (schema["properties"]?[name] is null && child is not null) Default(valueSchema, child, false);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && items["default"] is { } itemDefault && !Flag(items, "nullable"))
                        array[i] = itemDefault.DeepClone();
                    Default(items, array[i], false);
                }
                break;
        }
    }

    // ---- pruning ----

    private static void PruneObject(JsonObject schema, JsonObject obj, string path, List<string> removed, bool isRoot)
    {
        if (Flag(schema, "x-kubernetes-preserve-unknown-fields") && schema["properties"] is null && schema["additionalProperties"] is null)
            return;
        var keepMeta = isRoot || Flag(schema, "x-kubernetes-embedded-resource");
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        foreach (var (name, child) in obj.ToList())
        {
            var childPath = FieldPath.Child(path, name);
            if (keepMeta && RootMeta.Contains(name)) continue;
            if (properties?[name] is JsonObject propertySchema)
            {
                // apiextensions v1 drops nulls of non-nullable fields before defaulting; they are not unknown fields.
                if (child is null && !Flag(propertySchema, "nullable")) obj.Remove(name);
                else PruneNode(propertySchema, child, childPath, removed);
            }
            else if (additional is JsonObject valueSchema) PruneNode(valueSchema, child, childPath, removed);
            else if (additional is JsonValue allowAny && allowAny.GetValueKind() == JsonValueKind.True) continue;
            else if (!Flag(schema, "x-kubernetes-preserve-unknown-fields"))
            {
                obj.Remove(name);
                removed.Add(childPath);
            }
        }
    }

    private static void PruneNode(JsonObject schema, JsonNode? node, string path, List<string> removed)
    {
        switch (node)
        {
            case JsonObject obj: PruneObject(schema, obj, path, removed, isRoot: false); break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++) PruneNode(items, array[i], FieldPath.Index(path, i), removed);
                break;
        }
    }

    // ---- helpers ----

    internal static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "unknown",
    };

    private static bool IsInteger(JsonValue v) =>
        v.TryGetValue<long>(out _) || v.TryGetValue<int>(out _) || (v.TryGetValue<double>(out var d) && Math.Floor(d) == d && !double.IsInfinity(d));

    private static bool TypeMatches(string expected, string actual) =>
        expected == actual || expected == "number" && actual == "integer";

    private static bool Flag(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static string? Str(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static long? Long(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (long)ToDouble(v) : null;

    private static double? Double(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? ToDouble(v) : null;

    private static double ToDouble(JsonValue v) =>
        v.TryGetValue<double>(out var d) ? d : v.TryGetValue<long>(out var l) ? l : v.TryGetValue<int>(out var i) ? i : double.NaN;

    private static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => JsonSerializer.Serialize(s);
}
