using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes.Schema;

public sealed class CrdSchemaTests
{
    private const string SchemaJson = """
    {"type":"object","properties":{
      "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},
      "spec":{"type":"object","required":["name"],"properties":{
        "name":{"type":"string","maxLength":5,"pattern":"^[a-z]+$"},
        "ttl":{"type":"integer","format":"int64","minimum":1,"maximum":100,"default":30},
        "ratio":{"type":"number","exclusiveMinimum":true,"minimum":0},
        "kind":{"type":"string","enum":["A","CNAME"],"default":"A"},
        "when":{"type":"string","format":"date-time"},
        "port":{"x-kubernetes-int-or-string":true},
        "short":{"type":"string","minLength":2},
        "tags":{"type":"object","additionalProperties":{"type":"string"}},
        "set":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"},"maxItems":3,"minItems":1},
        "items":{"type":"array","items":{"type":"object","properties":{"weight":{"type":"integer","default":1},"n":{"type":"string","nullable":true}}}},
        "nested":{"type":"object","default":{},"properties":{"enabled":{"type":"boolean","default":true}}},
        "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
        "embedded":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}
      }},
      "status":{"type":"object","properties":{"ready":{"type":"boolean"}}}
    }}
    """;

    private static readonly CrdSchema Schema = CrdSchema.Parse(SchemaJson);

    private static JsonObject Obj(string spec) =>
        JsonNode.Parse("""{"apiVersion":"gureum.dev/v1alpha1","kind":"DnsRecord","metadata":{"name":"x","labels":{"a":"b"}},"spec":""" + spec + "}")!.AsObject();

    [Theory]
    [InlineData("""{"name":"ab","ttl":0}""", "FieldValueInvalid", "spec.ttl", "Invalid value: 0: spec.ttl in body should be greater than or equal to 1")]
    [InlineData("""{"name":"ab","ttl":101}""", "FieldValueInvalid", "spec.ttl", "Invalid value: 101: spec.ttl in body should be less than or equal to 100")]
    [InlineData("""{"name":"ab","ratio":0}""", "FieldValueInvalid", "spec.ratio", "Invalid value: 0: spec.ratio in body should be greater than 0")]
    [InlineData("""{"name":"ab","ttl":"x"}""", "FieldValueTypeInvalid", "spec.ttl", "Invalid value: \"string\": spec.ttl in body must be of type integer: \"string\"")]
    [InlineData("""{"name":"ab","ttl":1.5}""", "FieldValueTypeInvalid", "spec.ttl", "Invalid value: \"number\": spec.ttl in body must be of type integer: \"number\"")]
    [InlineData("""{}""", "FieldValueRequired", "spec.name", "Required value")]
    [InlineData("""{"name":"ab","kind":"MX"}""", "FieldValueNotSupported", "spec.kind", "Unsupported value: \"MX\": supported values: \"A\", \"CNAME\"")]
    [InlineData("""{"name":"abcdef"}""", "FieldValueTooLong", "spec.name", "Too long: may not be more than 5 bytes")]
    [InlineData("""{"name":"AB"}""", "FieldValueInvalid", "spec.name", "Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'")]
    [InlineData("""{"name":"ab","short":"x"}""", "FieldValueInvalid", "spec.short", "Invalid value: \"x\": spec.short in body should be at least 2 chars long")]
    [InlineData("""{"name":"ab","when":"yesterday"}""", "FieldValueInvalid", "spec.when", "Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"")]
    [InlineData("""{"name":"ab","port":true}""", "FieldValueTypeInvalid", "spec.port", "Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"")]
    [InlineData("""{"name":"ab","tags":{"k":1}}""", "FieldValueTypeInvalid", "spec.tags.k", "Invalid value: \"integer\": spec.tags.k in body must be of type string: \"integer\"")]
    [InlineData("""{"name":"ab","set":["a","a"]}""", "FieldValueDuplicate", "spec.set[1]", "Duplicate value: \"a\"")]
    [InlineData("""{"name":"ab","set":["a","b","c","d"]}""", "FieldValueTooMany", "spec.set", "Too many: 4: must have at most 3 items")]
    [InlineData("""{"name":"ab","set":[]}""", "FieldValueInvalid", "spec.set", "Invalid value: []: spec.set in body should have at least 1 items")]
    [InlineData("""{"name":"ab","items":[{"weight":"w"}]}""", "FieldValueTypeInvalid", "spec.items[0].weight", "Invalid value: \"string\": spec.items[0].weight in body must be of type integer: \"string\"")]
    [InlineData("""{"name":null}""", "FieldValueTypeInvalid", "spec.name", "Invalid value: \"null\": spec.name in body must be of type string: \"null\"")]
    public void Validate_reports_one_cause_worded_like_kube_apiserver(string spec, string reason, string field, string message)
    {
        var causes = Schema.Validate(Obj(spec));

        var cause = Assert.Single(causes);
        Assert.Equal(new FieldCause(reason, field, message), cause);
    }

    [Theory]
    [InlineData("""{"name":"ab","ttl":5,"port":8080,"when":"2024-01-02T03:04:05Z","items":[{"n":null}],"free":{"x":1}}""")]
    [InlineData("""{"name":"ab","port":"http","ratio":0.5,"set":["a","b"],"tags":{"k":"v"}}""")]
    public void Validate_accepts_valid_objects(string spec) => Assert.Empty(Schema.Validate(Obj(spec)));

    [Fact]
    public void Validate_collects_several_causes_and_message_lists_them()
    {
        var causes = Schema.Validate(Obj("""{"ttl":0}"""));

        Assert.Equal(2, causes.Count);
        Assert.Equal(
            "DnsRecord.gureum.dev \"x\" is invalid: [spec.name: Required value, spec.ttl: Invalid value: 0: spec.ttl in body should be greater than or equal to 1]",
            FieldCause.InvalidMessage("DnsRecord", "gureum.dev", "x", causes));
        Assert.Equal("DnsRecord.gureum.dev \"x\" is invalid: spec.name: Required value",
            FieldCause.InvalidMessage("DnsRecord", "gureum.dev", "x", [causes[0]]));
    }

    [Fact]
    public void ApplyDefaults_fills_missing_fields_where_the_parent_exists()
    {
        var obj = Obj("""{"name":"ab","items":[{},{"weight":5}]}""");

        Schema.ApplyDefaults(obj);

        Assert.Equal(
            """{"name":"ab","items":[{"weight":1},{"weight":5}],"ttl":30,"kind":"A","nested":{"enabled":true}}""",
            obj["spec"]!.ToJsonString());
        Assert.Null(obj["status"]);
    }

    [Fact]
    public void Null_of_a_non_nullable_field_is_pruned_then_defaulted_or_required()
    {
        var obj = Obj("""{"name":null,"ttl":null,"items":[{"n":null}]}""");

        Assert.Empty(Schema.Prune(obj));
        Schema.ApplyDefaults(obj);

        Assert.Equal("""{"items":[{"n":null,"weight":1}],"ttl":30,"kind":"A","nested":{"enabled":true}}""", obj["spec"]!.ToJsonString());
        Assert.Equal(FieldCause.Required("spec.name"), Assert.Single(Schema.Validate(obj)));
    }

    [Fact]
    public void ApplyDefaults_keeps_given_values_and_replaces_null_when_not_nullable()
    {
        var obj = Obj("""{"name":"ab","ttl":null,"kind":"CNAME","nested":{"enabled":false}}""");

        Schema.ApplyDefaults(obj);

        Assert.Equal(30, obj["spec"]!["ttl"]!.GetValue<int>());
        Assert.Equal("CNAME", obj["spec"]!["kind"]!.GetValue<string>());
        Assert.False(obj["spec"]!["nested"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Prune_removes_unknown_fields_and_reports_their_paths()
    {
        var obj = Obj("""{"name":"ab","when":null,"foo":1,"items":[{"weight":1,"bar":2}],"free":{"anything":{"deep":1}},"embedded":{"apiVersion":"v1","kind":"X","metadata":{"name":"n"},"spec":{},"junk":1}}""");
        obj["extra"] = "x";
        obj["status"] = JsonNode.Parse("""{"ready":true,"other":1}""");

        var removed = Schema.Prune(obj);

        Assert.Equal(["spec.foo", "spec.items[0].bar", "spec.embedded.junk", "extra", "status.other"], removed);
        Assert.Equal(
            """{"name":"ab","items":[{"weight":1}],"free":{"anything":{"deep":1}},"embedded":{"apiVersion":"v1","kind":"X","metadata":{"name":"n"},"spec":{}}}""",
            obj["spec"]!.ToJsonString());
        Assert.Equal("b", obj["metadata"]!["labels"]!["a"]!.GetValue<string>());
    }
}

public sealed class CrdSchemaHelpersTests
{
    [Fact]
    public void StrictDecodingMessage_lists_each_unknown_field()
    {
        Assert.Equal("strict decoding error: unknown field \"spec.foo\", unknown field \"bar\"",
            CrdSchema.StrictDecodingMessage(["spec.foo", "bar"]));
        Assert.Equal(["unknown field \"spec.foo\""], CrdSchema.UnknownFieldWarnings(["spec.foo"]));
    }

    [Fact]
    public void ForVersion_finds_the_versions_schema()
    {
        var crd = JsonNode.Parse("""
            {"spec":{"versions":[
              {"name":"v1alpha1","schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","required":["a"]}}}}},
              {"name":"v1beta1"}]}}
            """)!.AsObject();

        var schema = CrdSchema.ForVersion(crd, "v1alpha1");

        Assert.NotNull(schema);
        Assert.Equal("spec.a", Assert.Single(schema.Validate(JsonNode.Parse("""{"spec":{}}""")!.AsObject())).Field);
        Assert.Null(CrdSchema.ForVersion(crd, "v1beta1"));
        Assert.Null(CrdSchema.ForVersion(crd, "v2"));
    }
}
