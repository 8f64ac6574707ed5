using Gureum.Testing;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gureum.Api.Crds;
using Gureum.Api.V1Alpha1;
using Json.Schema;
using Xunit;

namespace Gureum.Api.Tests;

/// <summary>Checks samples against the generated openAPIV3Schema with an independent JSON Schema validator.</summary>
public sealed class SamplesSchemaTests
{
    public static TheoryData<string> Samples =>
        new(Directory.GetFiles(Path.Combine(RepoRoot.Path, "deploy", "samples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));

    [Theory, MemberData(nameof(Samples))]
    public void Sample_satisfies_its_crd_schema(string file)
    {
        var sample = GureumYaml.ToJson(File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy", "samples", file)));
        var result = Evaluate(sample);
        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("/spec/ttl", "-1")]
    [InlineData("/spec/type", "\"BOGUS\"")]
    [InlineData("/spec/weight", "256")]
    [InlineData("/spec/zone", "\"example.com\"")]
    public void Schema_refuses_bad_values(string pointer, string value)
    {
        var sample = GureumYaml.ToJson(File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy", "samples", "dnsrecord-weighted-blue.yaml")));
        var segments = pointer.Trim('/').Split('/');
        var parent = segments[..^1].Aggregate(sample, (node, key) => node[key]!);
        parent[segments[^1]] = JsonNode.Parse(value);
        Assert.False(Evaluate(sample).IsValid);
    }

    private static EvaluationResults Evaluate(JsonNode sample)
    {
        var kind = GureumKinds.Find(sample["kind"]!.GetValue<string>())!;
        var schema = JsonSchema.FromText(WithoutOpenApiExtensions(CrdGenerator.BuildSchema(kind)).ToJsonString());
        return schema.Evaluate(JsonDocument.Parse(sample.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    // nullable and x-kubernetes-* are OpenAPI/Kubernetes keywords that a JSON Schema 2020-12 validator refuses.
    private static JsonNode WithoutOpenApiExtensions(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Select(p => p.Key).Where(k => k == "nullable" || k.StartsWith("x-kubernetes-", StringComparison.Ordinal)).ToList())
                o.Remove(key);
            foreach (var (key, child) in o.ToList())
                if (key is not ("default" or "enum") && child is not null)
                    WithoutOpenApiExtensions(child);
        }
        return node;
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
