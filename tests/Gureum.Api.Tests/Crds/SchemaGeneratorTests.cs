using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gureum.Api.Crds;
using Gureum.Api.V1Alpha1;
using Xunit;

namespace Gureum.Api.Tests.Crds;

public sealed class SchemaGeneratorTests
{
    [JsonConverter(typeof(JsonStringEnumConverter<Colour>))]
    public enum Colour
    {
        [JsonStringEnumMemberName("dark-red")] DarkRed,
        Blue,
    }

    public sealed record Sample
    {
        [JsonPropertyName("described"), Description("A described field.")]
        public string? Described { get; init; }

        [JsonPropertyName("colour"), DefaultValue(Colour.Blue)]
        public Colour Colour { get; init; } = Colour.Blue;

        [JsonPropertyName("maybeColour")]
        public Colour? MaybeColour { get; init; }

        [JsonPropertyName("bounded"), Range(1, 10)]
        public int? Bounded { get; init; }

        [JsonPropertyName("patterned"), RegularExpression("^a+$"), MinLength(2), MaxLength(5)]
        public string? Patterned { get; init; }

        [JsonPropertyName("items"), MinLength(1), MaxLength(3)]
        public IReadOnlyList<string>? Items { get; init; }

        [JsonPropertyName("mustHave")]
        public required string MustHave { get; init; }

        [JsonPropertyName("flag"), DefaultValue(true)]
        public bool Flag { get; init; } = true;

        [JsonPropertyName("document")]
        public JsonObject? Document { get; init; }

        [JsonPropertyName("labels")]
        public IReadOnlyDictionary<string, string>? Labels { get; init; }

        [JsonPropertyName("when")]
        public DateTime? When { get; init; }

        [JsonPropertyName("count")]
        public long Count { get; init; }
    }

    private static readonly JsonObject Properties = SchemaGenerator.Generate(typeof(Sample))["properties"]!.AsObject();

    public static TheoryData<string, string> Expectations => new()
    {
        { "described", """{"type":"string","description":"A described field.","nullable":true}""" },
        { "colour", """{"enum":["dark-red","Blue"],"default":"Blue","type":"string"}""" },
        { "maybeColour", """{"enum":["dark-red","Blue"],"type":"string","nullable":true}""" },
        { "bounded", """{"type":"integer","minimum":1,"maximum":10,"nullable":true}""" },
        { "patterned", """{"type":"string","pattern":"^a+$","minLength":2,"maxLength":5,"nullable":true}""" },
        { "items", """{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3,"nullable":true}""" },
        { "mustHave", """{"type":"string"}""" },
        { "flag", """{"type":"boolean","default":true}""" },
        { "document", """{"type":"object","x-kubernetes-preserve-unknown-fields":true}""" },
        { "labels", """{"type":"object","additionalProperties":{"type":"string"},"nullable":true}""" },
        { "when", """{"type":"string","format":"date-time"}""" },
        { "count", """{"type":"integer"}""" },
    };

    [Theory, MemberData(nameof(Expectations))]
    public void Property_schema_follows_its_attributes(string property, string expected)
    {
        var actual = Properties[property]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());
    }

    [Fact]
    public void Only_non_nullable_properties_without_default_are_required()
    {
        var required = SchemaGenerator.Generate(typeof(Sample))["required"]!.AsArray().Select(r => r!.GetValue<string>());
        Assert.Equal(["mustHave"], required);
    }

    public sealed record Node
    {
        [JsonPropertyName("child")]
        public Node? Child { get; init; }
    }

    [Fact]
    public void Recursive_types_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => SchemaGenerator.Generate(typeof(Node)));
    }

    public sealed record Untyped
    {
        [JsonPropertyName("anything")]
        public object? Anything { get; init; }
    }

    [Fact]
    public void Untyped_members_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => SchemaGenerator.Generate(typeof(Untyped)));
    }

    public static TheoryData<Type> SpecTypes => new(GureumKinds.All.Select(k => k.SpecType).Concat(
        [typeof(DnsAliasTarget), typeof(InstanceProfileSpec), typeof(TargetGroupSpec), typeof(ListenerSpec), typeof(LaunchTemplateSpec),
         typeof(BlockDeviceSpec), typeof(GroupHealthCheckSpec), typeof(UpdateStrategySpec), typeof(RolloutStrategy), typeof(BlueGreenStrategy)]));

    // The CRD default and the C# initializer must agree, or objects built in code differ from applied ones.
    [Theory, MemberData(nameof(SpecTypes))]
    public void DefaultValue_attributes_agree_with_property_initialisers(Type type)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.GetCustomAttribute<DefaultValueAttribute>() is { } attribute)
                Assert.True(Equals(attribute.Value, property.GetValue(instance)), $"{type.Name}.{property.Name}");
    }
}
