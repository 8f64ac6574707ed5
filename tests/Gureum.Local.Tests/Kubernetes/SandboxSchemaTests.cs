using System.Net;
using System.Text.Json.Nodes;
using Gureum.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

/// <summary>Schema-driven behaviour over HTTP: validation, defaults, pruning, patches, apply, tables.</summary>
public sealed class SandboxSchemaTests : WidgetSandboxTests
{
    [Fact]
    public async Task Invalid_object_is_422_with_a_cause_naming_the_field_and_is_not_stored()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.CreateAsync(Client, Widgets.New("big", size: 11)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.Equal("Widget", status["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("spec.size", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.StartsWith("Widget.test.gureum.io \"big\" is invalid: spec.size: Invalid value: 11", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Invalid_update_leaves_the_stored_object_alone()
    {
        await Widgets.CreateAsync(Client, Widgets.New("steady", size: 2));
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.MergePatchAsync(Client, "steady", """{"spec":{"size":"huge"}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Equal(2, (await Widgets.GetAsync(Client, "steady"))["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Defaults_are_applied_and_unknown_fields_pruned()
    {
        var widget = Widgets.New("d");
        ((JsonObject)widget["spec"]!).Remove("size");
        widget["spec"]!["shape"] = "round";
        var created = await Widgets.CreateAsync(Client, widget);
        Assert.Equal(3, created["spec"]!["size"]!.GetValue<int>());
        Assert.Null(created["spec"]!["shape"]);
    }

    [Fact]
    public async Task Json_patch_applies_and_a_failed_test_op_is_refused()
    {
        await Widgets.CreateAsync(Client, Widgets.New("jp"));
        var patched = await Client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(
            new V1Patch("""[{"op":"test","path":"/spec/size","value":2},{"op":"replace","path":"/spec/color","value":"blue"}]""", V1Patch.PatchType.JsonPatch),
            Widgets.Group, Widgets.Version, "default", Widgets.Plural, "jp");
        Assert.Equal("blue", patched["spec"]!["color"]!.GetValue<string>());

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(
            new V1Patch("""[{"op":"test","path":"/spec/size","value":5},{"op":"replace","path":"/spec/color","value":"pink"}]""", V1Patch.PatchType.JsonPatch),
            Widgets.Group, Widgets.Version, "default", Widgets.Plural, "jp"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Equal("blue", (await Widgets.GetAsync(Client, "jp"))["spec"]!["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_side_apply_records_the_field_manager()
    {
        var applied = await Client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(
            new V1Patch(Widgets.New("ssa").ToJsonString(), V1Patch.PatchType.ApplyPatch),
            Widgets.Group, Widgets.Version, "default", Widgets.Plural, "ssa", fieldManager: "gureum-test");
        var managers = applied["metadata"]!["managedFields"]!.AsArray();
        Assert.Contains(managers, m => m!["manager"]!.GetValue<string>() == "gureum-test" && m["operation"]!.GetValue<string>() == "Apply");
    }

    [Fact]
    public async Task Table_has_printer_columns_and_rows()
    {
        await Widgets.CreateAsync(Client, Widgets.New("t1", size: 5, color: "teal"));
        using var http = new HttpClient { BaseAddress = Sandbox.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis/test.gureum.io/v1/namespaces/default/widgets");
        request.Headers.Authorization = new("Bearer", Sandbox.Server.Token);
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        using var response = await http.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Size", "Color"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("""["t1",5,"teal"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }
}
