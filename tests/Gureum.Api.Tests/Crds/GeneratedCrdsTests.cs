using Gureum.Testing;
using System.Text.Json.Nodes;
using Gureum.Api.Crds;
using Gureum.Api.V1Alpha1;
using Xunit;

namespace Gureum.Api.Tests.Crds;

public sealed class GeneratedCrdsTests
{
    public static TheoryData<string> Kinds => new(GureumKinds.All.Select(k => k.Kind));

    [Fact]
    public void Committed_crds_equal_what_the_types_generate()
    {
        var directory = Path.Combine(RepoRoot.Path, "crds");
        // Regenerate with: GUREUM_UPDATE_CRDS=1 dotnet test tests/Gureum.Api.Tests (or `gureum crds`).
        if (Environment.GetEnvironmentVariable("GUREUM_UPDATE_CRDS") == "1")
            CrdGenerator.WriteAll(directory);

        var expected = CrdGenerator.GenerateAll();
        var committed = Directory.GetFiles(directory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Select(c => c.FileName).Order(StringComparer.Ordinal), committed);
        foreach (var crd in expected)
            Assert.True(crd.Yaml == File.ReadAllText(Path.Combine(directory, crd.FileName)),
                $"crds/{crd.FileName} is stale: run GUREUM_UPDATE_CRDS=1 dotnet test tests/Gureum.Api.Tests");
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        Assert.Equal(CrdGenerator.GenerateAll(), CrdGenerator.GenerateAll());
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Every_property_has_a_description(string kind)
    {
        // Map values ({}) are not properties; their map carries the description.
        var missing = Walk(Schema(kind), "")
            .Where(n => !n.Path.EndsWith("{}", StringComparison.Ordinal) && n.Node["description"] is null)
            .Select(n => n.Path).ToList();
        Assert.Empty(missing);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Schema_is_structural(string kind)
    {
        foreach (var (path, node) in Walk(Schema(kind), "").Append(("", Schema(kind))))
        {
            Assert.False(node.ContainsKey("$ref"), path);
            Assert.False(node.ContainsKey("$comment"), path);
            var preserve = node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
            Assert.True(node["type"] is JsonValue || preserve, $"{path} has no single type");
            if (preserve)
                Assert.Contains(path.Split('.').Last(), new[] { "assumeRolePolicy", "inlinePolicies{}" });
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Yaml_parses_back_to_the_same_tree(string kind)
    {
        var definition = GureumKinds.Find(kind)!;
        var crd = CrdGenerator.BuildCrd(definition);
        var parsed = GureumYaml.ToJson(CrdGenerator.Generate(definition).Yaml);
        Assert.True(JsonNode.DeepEquals(crd, parsed), parsed.ToJsonString());
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Crd_carries_names_scope_status_and_printer_columns(string kind)
    {
        var definition = GureumKinds.Find(kind)!;
        var spec = CrdGenerator.BuildCrd(definition)["spec"]!;
        Assert.Equal("gureum.dev", spec["group"]!.GetValue<string>());
        Assert.Equal("Namespaced", spec["scope"]!.GetValue<string>());
        Assert.Equal("gureum", spec["names"]!["categories"]![0]!.GetValue<string>());
        Assert.Equal(definition.ShortNames[0], spec["names"]!["shortNames"]![0]!.GetValue<string>());
        var version = spec["versions"]![0]!;
        Assert.NotNull(version["subresources"]!["status"]);
        var columns = version["additionalPrinterColumns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal("Ready", columns[0]);
        Assert.Equal("Reason", columns[1]);
        Assert.Equal("Age", columns[^1]);
        // The message only with -o wide: it is long.
        var message = version["additionalPrinterColumns"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Message")!;
        Assert.Equal(1, message["priority"]!.GetValue<int>());
        Assert.True(columns.Count >= 3);
    }

    [Fact]
    public void Short_names_are_unique_and_clash_with_no_builtin()
    {
        string[] builtin = ["cm", "ds", "deploy", "ep", "ev", "hpa", "ing", "limits", "ns", "no", "pvc", "pv", "po", "pdb", "rs", "rc", "quota", "sa", "svc", "sts", "crd", "csr", "pc", "psp", "netpol", "sc", "cs"];
        var shortNames = GureumKinds.All.SelectMany(k => k.ShortNames).ToList();
        Assert.Equal(shortNames.Count, shortNames.Distinct().Count());
        Assert.Empty(shortNames.Intersect(builtin));
    }

    private static JsonObject Schema(string kind) => CrdGenerator.BuildSchema(GureumKinds.Find(kind)!);

    internal static IEnumerable<(string Path, JsonObject Node)> Walk(JsonObject schema, string path)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                var childPath = path.Length == 0 ? name : $"{path}.{name}";
                yield return (childPath, child!.AsObject());
                foreach (var nested in Walk(child.AsObject(), childPath))
                    yield return nested;
            }
        }
        if (schema["items"] is JsonObject items)
            foreach (var nested in Walk(items, path + "[]"))
                yield return nested;
        if (schema["additionalProperties"] is JsonObject additional)
        {
            yield return (path + "{}", additional);
            foreach (var nested in Walk(additional, path + "{}"))
                yield return nested;
        }
    }
}
