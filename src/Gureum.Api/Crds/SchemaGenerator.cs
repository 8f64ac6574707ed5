using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gureum.Api.Crds;

/// <summary>
/// Turns a C# type into a structural OpenAPI v3 schema as Kubernetes wants it, reading
/// [Description], [DefaultValue], [Range], [MinLength], [MaxLength] and [RegularExpression].
/// </summary>
public static class SchemaGenerator
{
    // Same wire shape as k8s.KubernetesJson (camelCase, nulls omitted); nullable annotations decide "nullable".
    internal static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static JsonObject Generate(Type type)
    {
        var node = Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        });
        if (node is not JsonObject schema)
            throw new InvalidOperationException($"{type.Name} has no object schema.");
        Structuralise(schema, type.Name);
        return schema;
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        var schema = SpecialSchema(type) ?? node as JsonObject ?? new JsonObject();
        if (context.PropertyInfo?.AttributeProvider is { } attributes)
            ApplyAttributes(schema, attributes, context.PropertyInfo.PropertyType);
        return schema;
    }

    private static JsonObject? SpecialSchema(Type type)
    {
        if (type == typeof(JsonObject) || type == typeof(JsonElement) || type == typeof(JsonNode))
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        return null;
    }

    private static void ApplyAttributes(JsonObject schema, ICustomAttributeProvider attributes, Type propertyType)
    {
        var isArray = propertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(propertyType)
            && !IsDictionary(propertyType);
        foreach (var attribute in attributes.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case DescriptionAttribute d:
                    schema["description"] = d.Description;
                    break;
                case DefaultValueAttribute { Value: { } value }:
                    schema["default"] = JsonSerializer.SerializeToNode(value, value.GetType(), Options);
                    break;
                case RangeAttribute r:
                    schema["minimum"] = JsonValue.Create(Convert.ToInt64(r.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                    schema["maximum"] = JsonValue.Create(Convert.ToInt64(r.Maximum, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case MinLengthAttribute min:
                    schema[isArray ? "minItems" : "minLength"] = min.Length;
                    break;
                case MaxLengthAttribute max:
                    schema[isArray ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case RegularExpressionAttribute regex:
                    schema["pattern"] = regex.Pattern;
                    break;
            }
        }
    }

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType &&
            (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>)));

    // The exporter speaks JSON Schema 2020-12; Kubernetes wants a single type plus "nullable", no $ref or $comment.
    private static void Structuralise(JsonObject schema, string path)
    {
        if (schema.ContainsKey("$ref"))
            throw new InvalidOperationException($"{path}: recursive types cannot be expressed in a CRD schema.");
        schema.Remove("$comment");
        schema.Remove("$schema");
        if (schema["default"] is null && schema.ContainsKey("default"))
            schema.Remove("default");

        var nullable = false;
        if (schema["type"] is JsonArray types)
        {
            var named = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            nullable = named.Count < types.Count;
            if (named.Count != 1)
                throw new InvalidOperationException($"{path}: a CRD schema needs exactly one type, got [{string.Join(", ", named)}].");
            schema["type"] = named[0];
        }
        if (schema["enum"] is JsonArray values)
        {
            nullable |= values.Any(v => v is null);
            schema["enum"] = new JsonArray(values.Where(v => v is not null).Select(v => v!.DeepClone()).ToArray());
            schema["type"] ??= "string";
        }
        if (nullable)
            schema["nullable"] = true;

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
                Structuralise(AsObject(child, $"{path}.{name}"), $"{path}.{name}");
            if (schema["required"] is JsonArray required)
            {
                var kept = required.Select(r => r!.GetValue<string>())
                    .Where(r => properties[r] is JsonObject p && p["nullable"] is null && p["default"] is null)
                    .Select(r => (JsonNode?)r).ToArray();
                if (kept.Length == 0)
                    schema.Remove("required");
                else
                    schema["required"] = new JsonArray(kept);
            }
        }
        if (schema["items"] is { } items)
            Structuralise(AsObject(items, path + "[]"), path + "[]");
        if (schema["additionalProperties"] is JsonObject additional)
            Structuralise(additional, path + "{}");
        if (schema["type"] is null && schema["x-kubernetes-preserve-unknown-fields"] is null)
            throw new InvalidOperationException($"{path}: no type; only policy documents may be free-form.");
        Reorder(schema);
    }

    private static readonly string[] KeyOrder =
    [
        "description", "type", "format", "enum", "default", "nullable", "minimum", "maximum", "minLength", "maxLength",
        "pattern", "minItems", "maxItems", "required", "properties", "items", "additionalProperties", "x-kubernetes-preserve-unknown-fields",
    ];

    // A fixed key order keeps the YAML readable (description first) and the output stable across runtime versions.
    internal static void Reorder(JsonObject schema)
    {
        var entries = schema.OrderBy(p => Array.IndexOf(KeyOrder, p.Key) is var i && i < 0 ? KeyOrder.Length : i)
            .ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        schema.Clear();
        foreach (var (key, value) in entries)
            schema[key] = value;
    }

    private static JsonObject AsObject(JsonNode? node, string path) =>
        node as JsonObject ?? throw new InvalidOperationException($"{path}: schema 'true' (any value) is not structural.");
}
