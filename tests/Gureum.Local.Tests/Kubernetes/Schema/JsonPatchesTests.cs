using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes.Schema;

public sealed class JsonPatchesTests
{
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void ApplyMergePatch_follows_rfc7386_examples(string target, string patch, string expected)
    {
        var targetNode = JsonNode.Parse(target);

        var result = JsonPatches.ApplyMergePatch(targetNode, JsonNode.Parse(patch));

        Assert.Equal(expected, result!.ToJsonString());
        Assert.Equal(target, targetNode!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":"x"}]""", """{"foo":["bar","x"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"a/b":1,"m~n":2}""", """[{"op":"replace","path":"/a~1b","value":3},{"op":"remove","path":"/m~0n"}]""", """{"a/b":3}""")]
    [InlineData("""{"metadata":{"labels":{}}}""", """[{"op":"add","path":"/metadata/labels/app","value":"web"}]""", """{"metadata":{"labels":{"app":"web"}}}""")]
    public void ApplyJsonPatch_follows_rfc6902_examples(string target, string ops, string expected)
    {
        var targetNode = JsonNode.Parse(target);

        var result = JsonPatches.ApplyJsonPatch(targetNode, JsonNode.Parse(ops)!.AsArray());

        Assert.Equal(expected, result!.ToJsonString());
        Assert.Equal(target, targetNode!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", false, "testing value /baz failed: test failed")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", false, "doc is missing path: \"/baz\"")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/nope"}]""", false, "doc is missing path: \"/nope\"")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"replace","path":"/nope","value":1}]""", false, "doc is missing path: \"/nope\"")]
    [InlineData("""{"foo":["a"]}""", """[{"op":"add","path":"/foo/5","value":1}]""", false, "add operation does not apply: index 5 out of bounds in \"/foo/5\"")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"jump","path":"/foo"}]""", true, "Unexpected kind: jump")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/foo"}]""", true, "json patch operation is missing \"value\"")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"foo","value":1}]""", true, "invalid JSON pointer foo")]
    public void ApplyJsonPatch_rejects_bad_patches_with_a_clear_message(string target, string ops, bool malformed, string message)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatches.ApplyJsonPatch(JsonNode.Parse(target), JsonNode.Parse(ops)!.AsArray()));

        Assert.Equal(message, error.Message);
        Assert.Equal(malformed, error.Malformed);
    }
}
