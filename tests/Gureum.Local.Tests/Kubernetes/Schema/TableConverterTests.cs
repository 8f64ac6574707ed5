using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes.Schema;

public sealed class TableConverterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static JsonObject Record(string name, string created, string? ready) => JsonNode.Parse($$$"""
        {"apiVersion":"gureum.dev/v1alpha1","kind":"DnsRecord",
         "metadata":{"name":"{{{name}}}","namespace":"default","creationTimestamp":"{{{created}}}"},
         "spec":{"ttl":60,"names":["a","b"]},
         "status":{"conditions":[{"type":"Ready","status":"{{{ready}}}"}]}}
        """)!.AsObject();

    private static readonly JsonArray Columns = JsonNode.Parse("""
        [{"name":"TTL","type":"integer","jsonPath":".spec.ttl"},
         {"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status","description":"Ready?"},
         {"name":"Names","type":"string","jsonPath":".spec.names[*]","priority":1},
         {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]
        """)!.AsArray();

    [Fact]
    public void ToTable_uses_name_then_printer_columns()
    {
        var table = TableConverter.ToTable(
            [Record("a", "2026-01-02T03:00:00Z", "True"), Record("b", "2025-12-30T03:04:05Z", "False")],
            PrinterColumn.FromCrd(Columns), IncludeObject.Metadata, Now, resourceVersion: "42");

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("42", table["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(["Name", "TTL", "Ready", "Names", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("name", table["columnDefinitions"]![0]!["format"]!.GetValue<string>());
        Assert.Equal(1, table["columnDefinitions"]![3]!["priority"]!.GetValue<int>());
        Assert.Equal("""["a",60,"True","a,b","4m5s"]""", table["rows"]![0]!["cells"]!.ToJsonString());
        Assert.Equal("""["b",60,"False","a,b","3d"]""", table["rows"]![1]!["cells"]!.ToJsonString());
        Assert.Equal("""{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"a","namespace":"default","creationTimestamp":"2026-01-02T03:00:00Z"}}""",
            table["rows"]![0]!["object"]!.ToJsonString());
    }

    [Theory]
    [InlineData("Object", "DnsRecord")]
    [InlineData("None", null)]
    public void ToTable_row_object_follows_includeObject(string include, string? kind)
    {
        var table = TableConverter.ToTable([Record("a", "2026-01-02T03:00:00Z", "True")], [], Enum.Parse<IncludeObject>(include), Now);

        Assert.Equal(kind, (string?)table["rows"]![0]!["object"]?["kind"]);
    }

    [Fact]
    public void ToTable_defaults_to_name_and_age_and_leaves_missing_cells_null()
    {
        var obj = Record("a", "2026-01-02T03:00:00Z", "True");
        ((JsonObject)obj["status"]!).Remove("conditions");

        var table = TableConverter.ToTable([obj], [], IncludeObject.None, Now);
        var withMissing = TableConverter.ToTable([obj], PrinterColumn.FromCrd(Columns), IncludeObject.None, Now);

        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("date", table["columnDefinitions"]![1]!["type"]!.GetValue<string>());
        Assert.Null(withMissing["rows"]![0]!["cells"]![2]);
    }

    [Fact]
    public void Built_in_columns_compute_counts_and_objects()
    {
        var configMap = JsonNode.Parse("""{"metadata":{"name":"c","creationTimestamp":"2026-01-02T03:04:00Z"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}""")!.AsObject();
        var evt = JsonNode.Parse("""{"metadata":{"name":"e"},"lastTimestamp":"2026-01-02T02:04:05Z","type":"Warning","reason":"Failed","involvedObject":{"kind":"DnsRecord","name":"web"},"message":"boom"}""")!.AsObject();

        var cm = TableConverter.ToTable([configMap], TableConverter.BuiltInColumns("", "ConfigMap"), IncludeObject.None, Now);
        var ev = TableConverter.ToTable([evt], TableConverter.BuiltInColumns("", "Event"), IncludeObject.None, Now);

        Assert.Equal("""["c",3,"5s"]""", cm["rows"]![0]!["cells"]!.ToJsonString());
        Assert.Equal("""["e","60m","Warning","Failed","dnsrecord/web","boom"]""", ev["rows"]![0]!["cells"]!.ToJsonString());
        Assert.Empty(TableConverter.BuiltInColumns("gureum.dev", "DnsRecord"));
    }

    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(125, "2m5s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(10 * 3600, "10h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(3 * 365 * 86400 + 86400, "3y1d")]
    [InlineData(10 * 365 * 86400, "10y")]
    public void HumanDuration_matches_apimachinery(int seconds, string expected) =>
        Assert.Equal(expected, TableConverter.HumanDuration(TimeSpan.FromSeconds(seconds)));
}
