using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>What a Table row carries in <c>object</c> (the <c>includeObject</c> query parameter).</summary>
internal enum IncludeObject
{
    Metadata,
    Object,
    None,
}

/// <summary>A column of a Table: a CRD printer column, or a computed one for built-in kinds.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, string Format = "", string Description = "", int Priority = 0)
{
    /// <summary>Computes the cell instead of <see cref="JsonPath"/> (e.g. the DATA count of a ConfigMap).</summary>
    public Func<JsonObject, JsonNode?>? Compute { get; init; }

    public static IReadOnlyList<PrinterColumn> FromCrd(JsonArray? additionalPrinterColumns) =>
        additionalPrinterColumns is null ? [] :
        [.. additionalPrinterColumns.OfType<JsonObject>().Select(c => new PrinterColumn(
            (string)c["name"]!, (string?)c["type"] ?? "string", (string)c["jsonPath"]!,
            (string?)c["format"] ?? "", (string?)c["description"] ?? "", (int?)c["priority"] ?? 0))];
}

/// <summary>Builds <c>meta.k8s.io/v1</c> Tables for <c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>.</summary>
internal static class TableConverter
{
    public static PrinterColumn Age { get; } =
        new("Age", "date", ".metadata.creationTimestamp", Description: "CreationTimestamp is a timestamp representing the server time when this object was created.");

    private static readonly PrinterColumn NameColumn =
        new("Name", "string", ".metadata.name", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.");

    /// <summary>
    /// The Table for <paramref name="objects"/>. Columns are Name then <paramref name="columns"/>; a CRD with no
    /// printer columns gets Age, as kube-apiserver does. Date cells are rendered as ages relative to <paramref name="now"/>.
    /// </summary>
    public static JsonObject ToTable(
        IEnumerable<JsonObject> objects, IReadOnlyList<PrinterColumn> columns, IncludeObject include, DateTimeOffset now,
        string? resourceVersion = null, string? continueToken = null)
    {
        IReadOnlyList<PrinterColumn> all = [NameColumn, .. columns.Count == 0 ? [Age] : columns];
        var compiled = all.Select(c => c.Compute is null ? JsonPathExpression.Parse(c.JsonPath) : null).ToList();
        var definitions = new JsonArray([.. all.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name, ["type"] = c.Type, ["format"] = c.Format, ["description"] = c.Description, ["priority"] = c.Priority,
        })]);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            for (var i = 0; i < all.Count; i++)
            {
                var values = all[i].Compute is { } compute ? [compute(obj)] : compiled[i]!.Evaluate(obj);
                cells.Add(Cell(all[i], values, now));
            }
            var row = new JsonObject { ["cells"] = cells };
            if (include != IncludeObject.None) row["object"] = RowObject(obj, include);
            rows.Add(row);
        }
        var metadata = new JsonObject();
        if (resourceVersion is not null) metadata["resourceVersion"] = resourceVersion;
        if (!string.IsNullOrEmpty(continueToken)) metadata["continue"] = continueToken;
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    /// <summary>Columns for built-in kinds (empty for unknown kinds: Name and Age then).</summary>
    public static IReadOnlyList<PrinterColumn> BuiltInColumns(string group, string kind) => (group, kind) switch
    {
        ("", "Namespace") => [new("Status", "string", ".status.phase"), Age],
        ("", "ConfigMap") => [new("Data", "integer", "") { Compute = o => Count(o, "data") + Count(o, "binaryData") }, Age],
        ("", "Secret") => [new("Type", "string", ".type"), new("Data", "integer", "") { Compute = o => Count(o, "data") }, Age],
        ("", "Event") =>
        [
            new("Last Seen", "date", "") { Compute = o => o["lastTimestamp"] ?? o["eventTime"] ?? o["metadata"]?["creationTimestamp"] },
            new("Type", "string", ".type"), new("Reason", "string", ".reason"),
            new("Object", "string", "") { Compute = o => InvolvedObject(o["involvedObject"]) },
            new("Message", "string", ".message"),
        ],
        ("events.k8s.io", "Event") =>
        [
            new("Last Seen", "date", "") { Compute = o => o["series"]?["lastObservedTime"] ?? o["eventTime"] ?? o["metadata"]?["creationTimestamp"] },
            new("Type", "string", ".type"), new("Reason", "string", ".reason"),
            new("Object", "string", "") { Compute = o => InvolvedObject(o["regarding"]) },
            new("Message", "string", ".note"),
        ],
        ("coordination.k8s.io", "Lease") => [new("Holder", "string", ".spec.holderIdentity"), Age],
        ("apiextensions.k8s.io", "CustomResourceDefinition") => [new("Created At", "date", ".metadata.creationTimestamp") { Compute = o => CreatedAt(o) }],
        _ => [],
    };

    private static JsonNode? Cell(PrinterColumn column, IReadOnlyList<JsonNode?> values, DateTimeOffset now)
    {
        var present = values.Where(v => v is not null).ToList();
        if (present.Count == 0) return null;
        if (present.Count > 1) return string.Join(",", present.Select(Plain));
        var value = present[0]!;
        return column.Type switch
        {
            "date" when value is JsonValue v && v.TryGetValue<string>(out var s) &&
                DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => HumanDuration(now - t),
            "integer" or "number" or "boolean" when value is JsonValue => value.DeepClone(),
            _ => Plain(value),
        };
    }

    private static string Plain(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";

    private static JsonObject RowObject(JsonObject obj, IncludeObject include) => include == IncludeObject.Object
        ? obj.DeepClone().AsObject()
        : new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
        };

    private static int Count(JsonObject obj, string field) => obj[field] is JsonObject map ? map.Count : 0;

    private static JsonNode? InvolvedObject(JsonNode? reference) =>
        reference is null ? null : $"{((string?)reference["kind"] ?? "").ToLowerInvariant()}/{(string?)reference["name"]}";

    // Created At is printed as a timestamp, not an age, as kube-apiserver's default table does.
    private static JsonNode? CreatedAt(JsonObject obj) => obj["metadata"]?["creationTimestamp"] is { } t ? (string?)t : null;

    /// <summary>k8s.io/apimachinery duration.HumanDuration, the AGE text kubectl shows.</summary>
    internal static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 120) return $"{seconds}s";
        var minutes = (long)d.TotalMinutes;
        if (minutes < 10) return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        if (minutes < 180) return $"{minutes}m";
        var hours = (long)d.TotalHours;
        if (hours < 8) return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8) return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        if (hours < 24 * 365 * 8) return hours / 24 % 365 == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{hours / 24 % 365}d";
        return $"{hours / 24 / 365}y";
    }
}
