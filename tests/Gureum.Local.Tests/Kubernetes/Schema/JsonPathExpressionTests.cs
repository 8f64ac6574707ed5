using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes.Schema;

public sealed class JsonPathExpressionTests
{
    private static readonly JsonNode Doc = JsonNode.Parse("""
    {"metadata":{"name":"web","labels":{"app.kubernetes.io/name":"w"}},
     "spec":{"items":[{"x":1,"name":"a"},{"x":2,"name":"b"}],"list":[{"name":"p"},{"name":"q"}]},
     "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
    """)!;

    [Theory]
    [InlineData(".metadata.name", "[\"web\"]")]
    [InlineData("{.metadata.name}", "[\"web\"]")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "[\"True\"]")]
    [InlineData(".status.conditions[?(@.type=='Synced')].status", "[\"False\"]")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "[\"Synced\"]")]
    [InlineData(".spec.items[0].x", "[1]")]
    [InlineData(".spec.items[-1].name", "[\"b\"]")]
    [InlineData(".spec.list[*].name", "[\"p\",\"q\"]")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "[\"w\"]")]
    [InlineData(".spec.missing.deeper", "[]")]
    [InlineData(".spec.items[5].x", "[]")]
    [InlineData(".spec.items[?(@.name)].x", "[1,2]")]
    public void Evaluate_returns_matches_in_document_order(string path, string expected)
    {
        var results = JsonPathExpression.Parse(path).Evaluate(Doc);

        Assert.Equal(expected, new JsonArray([.. results.Select(r => r?.DeepClone())]).ToJsonString());
    }

    [Theory]
    [InlineData(".spec[")]
    [InlineData(".spec[foo bar]")]
    [InlineData("spec")]
    public void Parse_rejects_unsupported_expressions(string path) =>
        Assert.Throws<FormatException>(() => JsonPathExpression.Parse(path));
}
