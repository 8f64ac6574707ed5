using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes.Schema;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(1);

    private static JsonObject Config(string spec) => JsonNode.Parse(
        """{"apiVersion":"gureum.dev/v1alpha1","kind":"DnsRecord","metadata":{"name":"x","namespace":"default"},"spec":""" + spec + "}")!.AsObject();

    private static string Spec(JsonObject obj) => obj["spec"]!.ToJsonString();

    private static JsonNode? Entry(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().FirstOrDefault(e => (string?)e!["manager"] == manager);

    [Fact]
    public void Apply_creates_and_records_the_managers_fields()
    {
        var result = ServerSideApply.Apply(null, Config("""{"ttl":60,"names":["a"],"tags":{"k":"v"}}"""), "kubectl", force: false, T1);

        Assert.Equal("""{"ttl":60,"names":["a"],"tags":{"k":"v"}}""", Spec(result));
        Assert.Equal(
            """[{"manager":"kubectl","operation":"Apply","apiVersion":"gureum.dev/v1alpha1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:names":{},"f:tags":{"f:k":{}},"f:ttl":{}}}}]""",
            result["metadata"]!["managedFields"]!.ToJsonString());
        Assert.Equal("x", (string?)result["metadata"]!["name"]);
    }

    [Fact]
    public void Reapply_removes_fields_the_manager_no_longer_applies_and_keeps_others()
    {
        var created = ServerSideApply.Apply(null, Config("""{"ttl":60,"tags":{"k":"v","j":"w"}}"""), "kubectl", false, T1);
        created["spec"]!["zone"] = "set-by-someone-else";

        var result = ServerSideApply.Apply(created, Config("""{"tags":{"k":"v2"}}"""), "kubectl", false, T2);

        Assert.Equal("""{"tags":{"k":"v2"},"zone":"set-by-someone-else"}""", Spec(result));
        Assert.Equal("""{"f:spec":{"f:tags":{"f:k":{}}}}""", Entry(result, "kubectl")!["fieldsV1"]!.ToJsonString());
        Assert.Equal("2026-01-02T03:05:05Z", (string?)Entry(result, "kubectl")!["time"]);
    }

    [Fact]
    public void Apply_conflicts_with_another_managers_different_value()
    {
        var created = ServerSideApply.Apply(null, Config("""{"ttl":60}"""), "kubectl", false, T1);
        var updated = created.DeepClone().AsObject();
        updated["spec"]!["ttl"] = 120;
        updated = ServerSideApply.RecordUpdate(created, updated, "gureum", T2);

        var error = Assert.Throws<ApplyConflictException>(() => ServerSideApply.Apply(updated, Config("""{"ttl":30}"""), "kubectl", false, T2));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"gureum\" using gureum.dev/v1alpha1: .spec.ttl", error.Message);
        Assert.Equal(new FieldCause("FieldManagerConflict", ".spec.ttl", "conflict with \"gureum\" using gureum.dev/v1alpha1"), Assert.Single(error.Causes));
    }

    [Fact]
    public void Apply_with_force_takes_the_field_over()
    {
        var created = ServerSideApply.Apply(null, Config("""{"ttl":60}"""), "kubectl", false, T1);
        var updated = created.DeepClone().AsObject();
        updated["spec"]!["ttl"] = 120;
        updated = ServerSideApply.RecordUpdate(created, updated, "gureum", T2);

        var result = ServerSideApply.Apply(updated, Config("""{"ttl":30}"""), "kubectl", force: true, T2);

        Assert.Equal("""{"ttl":30}""", Spec(result));
        Assert.Null(Entry(result, "gureum"));
    }

    [Fact]
    public void Same_value_is_shared_without_conflict_and_not_removed_while_shared()
    {
        var first = ServerSideApply.Apply(null, Config("""{"ttl":60,"zone":"a"}"""), "one", false, T1);
        var second = ServerSideApply.Apply(first, Config("""{"ttl":60}"""), "two", false, T1);

        var result = ServerSideApply.Apply(second, Config("""{"zone":"a"}"""), "one", false, T2);

        Assert.Equal("""{"ttl":60,"zone":"a"}""", Spec(result));
        Assert.Equal("""{"f:spec":{"f:ttl":{}}}""", Entry(result, "two")!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void Several_conflicts_are_listed_per_manager()
    {
        var created = ServerSideApply.RecordUpdate(null, Config("""{"a":1,"b":2}"""), "gureum", T1);

        var error = Assert.Throws<ApplyConflictException>(() => ServerSideApply.Apply(created, Config("""{"a":3,"b":4}"""), "kubectl", false, T2));

        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"gureum\" using gureum.dev/v1alpha1:\n- .spec.a\n- .spec.b", error.Message);
    }

    [Fact]
    public void RecordUpdate_tracks_changed_fields_and_drops_removed_ones()
    {
        var created = ServerSideApply.RecordUpdate(null, Config("""{"a":1,"b":2}"""), "kubectl-client-side-apply", T1);
        var changed = Config("""{"a":1,"c":3}""");
        changed["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
        changed["metadata"]!["managedFields"] = created["metadata"]!["managedFields"]!.DeepClone();

        var result = ServerSideApply.RecordUpdate(created, changed, "gureum", T2);

        Assert.Equal("""{"f:spec":{"f:a":{}}}""", Entry(result, "kubectl-client-side-apply")!["fieldsV1"]!.ToJsonString());
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:c":{}}}""", Entry(result, "gureum")!["fieldsV1"]!.ToJsonString());
        Assert.Equal("Update", (string?)Entry(result, "gureum")!["operation"]);
    }

    [Theory]
    [InlineData("""{"f:spec":{"f:ttl":{},"f:tags":{".":{},"f:k":{}}}}""", "spec.tags.k,spec.ttl")]
    [InlineData("""{"f:spec":{"f:ports":{"k:{\"port\":80}":{".":{},"f:port":{}}}}}""", "spec.ports")]
    [InlineData("""{"f:metadata":{"f:labels":{}}}""", "metadata.labels")]
    public void FromFieldsV1_reads_paths(string fieldsV1, string expected)
    {
        var set = ServerSideApply.FromFieldsV1(JsonNode.Parse(fieldsV1)!.AsObject());

        Assert.Equal(expected, string.Join(",", set.Select(f => f.ToString()).Order(StringComparer.Ordinal)));
    }
}

public sealed class YamlJsonTests
{
    [Theory]
    [InlineData("a: 1\nb: x\nc: true\nd: null\ne: '1'\nf: 1.5\ng: [1, two]\nh:\n  - k: v\n", """{"a":1,"b":"x","c":true,"d":null,"e":"1","f":1.5,"g":[1,"two"],"h":[{"k":"v"}]}""")]
    [InlineData("""{"a": {"b": [1, 2]}}""", """{"a":{"b":[1,2]}}""")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  port: \"80\"\n", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"port":"80"}}""")]
    public void Parse_reads_yaml_and_json(string text, string expected) =>
        Assert.Equal(expected, YamlJson.Parse(text)!.ToJsonString());

    [Theory]
    [InlineData("a: [1, 2\nb: c")]
    [InlineData("a: b: c")]
    [InlineData("? [a]\n: b")]
    public void Parse_rejects_malformed_yaml(string text) =>
        Assert.Throws<FormatException>(() => YamlJson.Parse(text));
}
