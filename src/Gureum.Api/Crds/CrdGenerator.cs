using System.Text.Json.Nodes;
using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Crds;

public sealed record GeneratedCrd(string FileName, string Yaml);

/// <summary>Builds the apiextensions.k8s.io/v1 CustomResourceDefinitions from the C# types.</summary>
public static class CrdGenerator
{
    public static IReadOnlyList<GeneratedCrd> GenerateAll() =>
        GureumKinds.All.OrderBy(k => k.Plural, StringComparer.Ordinal).Select(Generate).ToList();

    public static GeneratedCrd Generate(KindDefinition kind) =>
        new($"{kind.Group}_{kind.Plural}.yaml", YamlWriter.Write(BuildCrd(kind)));

    public static void WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var crd in GenerateAll())
            File.WriteAllText(Path.Combine(directory, crd.FileName), crd.Yaml);
    }

    public static JsonObject BuildCrd(KindDefinition kind) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = kind.CrdName },
        ["spec"] = new JsonObject
        {
            ["group"] = kind.Group,
            ["names"] = new JsonObject
            {
                ["kind"] = kind.Kind,
                ["listKind"] = kind.ListKind,
                ["plural"] = kind.Plural,
                ["singular"] = kind.Singular,
                ["shortNames"] = Strings(kind.ShortNames),
                ["categories"] = Strings(kind.Categories),
            },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = kind.Version,
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["additionalPrinterColumns"] = new JsonArray(kind.PrinterColumns.Select(PrinterColumnNode).ToArray()),
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = BuildSchema(kind) },
            }),
        },
    };

    public static JsonObject BuildSchema(KindDefinition kind)
    {
        var spec = SchemaGenerator.Generate(kind.SpecType);
        spec["description"] = $"Desired state of the {kind.Kind}.";
        SchemaGenerator.Reorder(spec);
        var status = SchemaGenerator.Generate(kind.StatusType);
        status["description"] = $"Observed state of the {kind.Kind}, written by Gureum.";
        SchemaGenerator.Reorder(status);
        return new JsonObject
        {
            ["description"] = kind.Description,
            ["type"] = "object",
            ["required"] = new JsonArray("spec"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["description"] = "APIVersion of this object.", ["type"] = "string" },
                ["kind"] = new JsonObject { ["description"] = "Kind of this object.", ["type"] = "string" },
                ["metadata"] = new JsonObject { ["description"] = "Standard object metadata.", ["type"] = "object" },
                ["spec"] = spec,
                ["status"] = status,
            },
        };
    }

    private static JsonNode PrinterColumnNode(PrinterColumn column)
    {
        var node = new JsonObject
        {
            ["name"] = column.Name,
            ["type"] = column.Type,
            ["jsonPath"] = column.JsonPath,
            ["description"] = column.Description,
        };
        if (column.Priority != 0)
            node["priority"] = column.Priority;
        return node;
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
