using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>One entry of a 422 Status' <c>details.causes</c>, worded as kube-apiserver words it.</summary>
internal sealed record FieldCause(string Reason, string Field, string Message)
{
    public string Text => $"{Field}: {Message}";

    public static FieldCause Required(string field) => new("FieldValueRequired", field, "Required value");

    public static FieldCause Invalid(string field, JsonNode? value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {FormatValue(value)}: {detail}");

    public static FieldCause TypeInvalid(string field, string actualType, string detail) =>
        new("FieldValueTypeInvalid", field, $"Invalid value: \"{actualType}\": {detail}");

    public static FieldCause NotSupported(string field, JsonNode? value, IEnumerable<JsonNode?> supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {FormatValue(value)}: supported values: {string.Join(", ", supported.Select(FormatValue))}");

    public static FieldCause TooLong(string field, long max) =>
        new("FieldValueTooLong", field, $"Too long: may not be more than {max} bytes");

    public static FieldCause TooMany(string field, int actual, long max) =>
        new("FieldValueTooMany", field, $"Too many: {actual}: must have at most {max} items");

    public static FieldCause Duplicate(string field, JsonNode? value) =>
        new("FieldValueDuplicate", field, $"Duplicate value: {FormatValue(value)}");

    /// <summary>The Status message: <c>Kind.group "name" is invalid: cause</c> or <c>[cause, cause]</c> for several.</summary>
    public static string InvalidMessage(string kind, string group, string name, IReadOnlyList<FieldCause> causes)
    {
        var qualified = string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
        var body = causes.Count == 1 ? causes[0].Text : $"[{string.Join(", ", causes.Select(c => c.Text))}]";
        return $"{qualified} \"{name}\" is invalid: {body}";
    }

    public JsonObject ToJson() => new() { ["reason"] = Reason, ["message"] = Message, ["field"] = Field };

    // Go's field.Error prints strings quoted, numbers and booleans bare, nil as "null".
    internal static string FormatValue(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonSerializer.Serialize(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => FormatNumber(v),
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    private static string FormatNumber(JsonValue v) =>
        v.TryGetValue<long>(out var l) || v.TryGetValue<int>(out var i) && (l = i) == i ? l.ToString(CultureInfo.InvariantCulture)
        : v.TryGetValue<double>(out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : v.ToJsonString();
}
