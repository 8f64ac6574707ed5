using System.Net;
using System.Text.Json.Nodes;
using Gureum.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

public sealed class SandboxClientTests : WidgetSandboxTests
{
    [Fact]
    public async Task Crd_is_established_and_served()
    {
        var crd = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.test.gureum.io");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "NamesAccepted" && c.Status == "True");
        var resources = await Client.CustomObjects.GetAPIResourcesAsync(Widgets.Group, Widgets.Version);
        var widgets = Assert.Single(resources.Resources, r => r.Name == "widgets");
        Assert.True(widgets.Namespaced);
        Assert.Equal(["wd"], widgets.ShortNames);
        Assert.Equal(["gureum"], widgets.Categories);
        Assert.Contains(resources.Resources, r => r.Name == "widgets/status");
    }

    [Fact]
    public async Task Create_get_update_delete_round_trip()
    {
        var created = await Widgets.CreateAsync(Client, Widgets.New("one"));
        Assert.False(string.IsNullOrEmpty(created["metadata"]!["uid"]?.GetValue<string>()));
        Assert.NotNull(created["metadata"]!["creationTimestamp"]);
        Assert.Equal(1, Widgets.Generation(created));

        var read = await Widgets.GetAsync(Client, "one");
        Assert.Equal(Widgets.Rv(created), Widgets.Rv(read));

        read["spec"]!["size"] = 5;
        var updated = await Widgets.ReplaceAsync(Client, read);
        Assert.Equal(5, updated["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(2, Widgets.Generation(updated));

        await Widgets.DeleteAsync(Client, "one");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.GetAsync(Client, "one"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", missing.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_create_is_AlreadyExists()
    {
        await Widgets.CreateAsync(Client, Widgets.New("dup"));
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.CreateAsync(Client, Widgets.New("dup")));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_resourceVersion_is_409_Conflict_with_the_real_message()
    {
        var created = await Widgets.CreateAsync(Client, Widgets.New("stale"));
        await Widgets.MergePatchAsync(Client, "stale", """{"spec":{"size":4}}""");
        created["spec"]!["size"] = 9;
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.ReplaceAsync(Client, created));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("the object has been modified; please apply your changes to the latest version and try again", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal(4, (await Widgets.GetAsync(Client, "stale"))["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Status_is_ignored_on_main_writes_and_only_status_changes_on_status_writes()
    {
        var widget = Widgets.New("st");
        widget["status"] = new JsonObject { ["phase"] = "Sneaky" };
        var created = await Widgets.CreateAsync(Client, widget);
        Assert.Null(created["status"]);

        var withStatus = await Widgets.MergePatchStatusAsync(Client, "st", """{"status":{"phase":"Ready"},"spec":{"size":9}}""");
        Assert.Equal("Ready", withStatus["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(2, withStatus["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(1, Widgets.Generation(withStatus));

        var mainWrite = await Widgets.MergePatchAsync(Client, "st", """{"status":{"phase":"Overwritten"},"spec":{"size":3}}""");
        Assert.Equal("Ready", mainWrite["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(3, mainWrite["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Generation_is_bumped_by_spec_changes_only()
    {
        await Widgets.CreateAsync(Client, Widgets.New("gen"));
        var labelled = await Widgets.MergePatchAsync(Client, "gen", """{"metadata":{"labels":{"a":"b"}}}""");
        Assert.Equal(1, Widgets.Generation(labelled));
        var resized = await Widgets.MergePatchAsync(Client, "gen", """{"spec":{"size":7}}""");
        Assert.Equal(2, Widgets.Generation(resized));
    }

    [Fact]
    public async Task Unchanged_write_keeps_the_resourceVersion()
    {
        var created = await Widgets.CreateAsync(Client, Widgets.New("same"));
        var patched = await Widgets.MergePatchAsync(Client, "same", """{"spec":{"size":2}}""");
        Assert.Equal(Widgets.Rv(created), Widgets.Rv(patched));
    }

    [Fact]
    public async Task Delete_with_finalizer_marks_then_removal_of_last_finalizer_deletes()
    {
        var widget = Widgets.New("fin");
        widget["metadata"]!["finalizers"] = new JsonArray("test.gureum.io/cleanup");
        await Widgets.CreateAsync(Client, widget);

        await Widgets.DeleteAsync(Client, "fin");
        var marked = await Widgets.GetAsync(Client, "fin");
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);

        await Widgets.MergePatchAsync(Client, "fin", """{"metadata":{"finalizers":null}}""");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.GetAsync(Client, "fin"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_owner_collects_dependents_unless_orphaned()
    {
        var owner = await Widgets.CreateAsync(Client, Widgets.New("owner"));
        var ownerRef = new JsonArray(new JsonObject
        {
            ["apiVersion"] = Widgets.ApiVersion, ["kind"] = "Widget", ["name"] = "owner", ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        });
        var child = Widgets.New("child");
        child["metadata"]!["ownerReferences"] = ownerRef.DeepClone();
        await Widgets.CreateAsync(Client, child);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "child-config",
                OwnerReferences = [new V1OwnerReference { ApiVersion = Widgets.ApiVersion, Kind = "Widget", Name = "owner", Uid = owner["metadata"]!["uid"]!.GetValue<string>() }],
            },
        }, "default");

        await Widgets.DeleteAsync(Client, "owner");

        Assert.DoesNotContain("child", await Widgets.NamesAsync(Client));
        var configMaps = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.DoesNotContain(configMaps.Items, c => c.Metadata.Name == "child-config");
    }

    [Fact]
    public async Task Orphan_propagation_keeps_dependents_without_the_owner_reference()
    {
        var owner = await Widgets.CreateAsync(Client, Widgets.New("parent"));
        var child = Widgets.New("kept");
        child["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = Widgets.ApiVersion, ["kind"] = "Widget", ["name"] = "parent", ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        });
        await Widgets.CreateAsync(Client, child);

        await Widgets.DeleteAsync(Client, "parent", propagationPolicy: "Orphan");

        var kept = await Widgets.GetAsync(Client, "kept");
        Assert.Null(kept["metadata"]!["ownerReferences"]);
    }

    [Theory]
    [InlineData("tier=web", new[] { "a" })]
    [InlineData("tier==web", new[] { "a" })]
    [InlineData("tier!=web", new[] { "b", "c" })]
    [InlineData("tier in (web,db)", new[] { "a", "b" })]
    [InlineData("tier notin (web)", new[] { "b", "c" })]
    [InlineData("tier", new[] { "a", "b" })]
    [InlineData("!tier", new[] { "c" })]
    [InlineData("tier=db,zone=x", new[] { "b" })]
    public async Task Label_selectors(string selector, string[] expected)
    {
        await CreateLabelledAsync("a", """{"tier":"web"}""");
        await CreateLabelledAsync("b", """{"tier":"db","zone":"x"}""");
        await CreateLabelledAsync("c", """{}""");
        Assert.Equal(expected, await Widgets.NamesAsync(Client, labelSelector: selector));
    }

    [Fact]
    public async Task Field_selectors_on_name_and_event_fields()
    {
        await Widgets.CreateAsync(Client, Widgets.New("x1"));
        await Widgets.CreateAsync(Client, Widgets.New("x2"));
        Assert.Equal(["x2"], await Widgets.NamesAsync(Client, fieldSelector: "metadata.name=x2"));
        Assert.Equal(["x1"], await Widgets.NamesAsync(Client, fieldSelector: "metadata.name!=x2,metadata.namespace=default"));

        foreach (var (name, reason) in new[] { ("e1", "Created"), ("e2", "Failed") })
        {
            await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name },
                InvolvedObject = new V1ObjectReference { Kind = "Widget", Name = "x1", NamespaceProperty = "default" },
                Reason = reason,
                Type = "Normal",
                Message = "m",
            }, "default");
        }
        var events = await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=x1,involvedObject.kind=Widget,reason=Failed");
        Assert.Equal(["e2"], events.Items.Select(e => e.Metadata.Name));
    }

    [Fact]
    public async Task Limit_and_continue_page_through_everything_once()
    {
        foreach (var i in Enumerable.Range(0, 5))
        {
            await Widgets.CreateAsync(Client, Widgets.New($"p{i}"));
        }
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Widgets.Group, Widgets.Version, "default", Widgets.Plural, limit: 2, continueParameter: token);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);
        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Malformed_body_is_400_and_stores_nothing()
    {
        using var http = new HttpClient { BaseAddress = Sandbox.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/apis/test.gureum.io/v1/namespaces/default/widgets")
        {
            Content = new StringContent("{\"metadata\": {\"name\": \"broken\"", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Sandbox.Server.Token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Invalid_name_is_422_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.CreateAsync(Client, Widgets.New("Bad_Name")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("metadata.name: Invalid value: \\u0022Bad_Name\\u0022", error.Response.Content.Replace("\"", "\\u0022", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task GenerateName_makes_a_unique_name()
    {
        var widget = Widgets.New("");
        ((JsonObject)widget["metadata"]!).Remove("name");
        widget["metadata"]!["generateName"] = "gen-";
        var first = await Widgets.CreateAsync(Client, widget.DeepClone().AsObject());
        var second = await Widgets.CreateAsync(Client, widget.DeepClone().AsObject());
        var firstName = first["metadata"]!["name"]!.GetValue<string>();
        Assert.StartsWith("gen-", firstName, StringComparison.Ordinal);
        Assert.NotEqual(firstName, second["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_without_token_is_401_Status()
    {
        using var http = new HttpClient { BaseAddress = Sandbox.Server.BaseAddress };
        using var response = await http.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Builtin_kinds_are_served()
    {
        var namespaces = await Client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");

        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, "default");
        Assert.Equal("s", (await Client.CoreV1.ReadNamespacedSecretAsync("s", "default")).Metadata.Name);

        var lease = await Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "leader" }, Spec = new V1LeaseSpec { HolderIdentity = "me" } }, "kube-system");
        lease.Spec.HolderIdentity = "you";
        var replaced = await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "leader", "kube-system");
        Assert.Equal("you", replaced.Spec.HolderIdentity);

        await Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "ev" }, EventTime = DateTime.UtcNow, Reason = "R", Action = "A", ReportingController = "c", ReportingInstance = "i", Type = "Normal" }, "default");
        Assert.Single((await Client.EventsV1.ListNamespacedEventAsync("default")).Items);
    }

    [Fact]
    public async Task Objects_survive_a_restart_with_a_state_dir()
    {
        var stateDir = Path.Combine(Sandbox.Directory, "state");
        long rvBefore;
        await using (var first = await Local.Kubernetes.SandboxApiServer.StartAsync(new() { StateDir = stateDir }, CancellationToken.None))
        {
            using var client = SandboxFixture.CreateClient(first);
            await Widgets.InstallAsync(client);
            var created = await Widgets.CreateAsync(client, Widgets.New("kept"));
            rvBefore = long.Parse(Widgets.Rv(created), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var second = await Local.Kubernetes.SandboxApiServer.StartAsync(new() { StateDir = stateDir }, CancellationToken.None);
        using var again = SandboxFixture.CreateClient(second);
        var kept = await Widgets.GetAsync(again, "kept");
        Assert.Equal(2, kept["spec"]!["size"]!.GetValue<int>());
        var next = await Widgets.CreateAsync(again, Widgets.New("after"));
        Assert.True(long.Parse(Widgets.Rv(next), System.Globalization.CultureInfo.InvariantCulture) > rvBefore);
    }

    [Fact]
    public async Task Deletecollection_removes_only_the_selected_objects()
    {
        await CreateLabelledAsync("keep", """{"tier":"db"}""");
        await CreateLabelledAsync("drop1", """{"tier":"web"}""");
        await CreateLabelledAsync("drop2", """{"tier":"web"}""");
        await Client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(Widgets.Group, Widgets.Version, "default", Widgets.Plural, labelSelector: "tier=web");
        Assert.Equal(["keep"], await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Deleting_a_crd_stops_serving_it_and_removes_its_objects()
    {
        await Widgets.CreateAsync(Client, Widgets.New("gone"));
        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.test.gureum.io");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.NamesAsync(Client));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);

        await Widgets.InstallAsync(Client);
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_is_in_it()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        await Widgets.CreateAsync(Client, Widgets.New("inside", ns: "team"), "team");
        await Widgets.CreateAsync(Client, Widgets.New("outside"));
        await Client.CoreV1.DeleteNamespaceAsync("team");
        Assert.Empty(await Widgets.NamesAsync(Client, "team"));
        Assert.Equal(["outside"], await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_404()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.CreateAsync(Client, Widgets.New("lost", ns: "nowhere"), "nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("namespaces \"nowhere\" not found", JsonNode.Parse(error.Response.Content)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_path_is_404_Status_and_wrong_method_is_405_Status()
    {
        using var http = new HttpClient { BaseAddress = Sandbox.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Sandbox.Server.Token);
        using var missing = await http.GetAsync(new Uri("/apis/nothing.example/v1/things", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NotFound", JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
        using var wrong = await http.PutAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.StatusCode);
        Assert.Equal("MethodNotAllowed", JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
    }

    private Task<JsonObject> CreateLabelledAsync(string name, string labelsJson)
    {
        var widget = Widgets.New(name);
        widget["metadata"]!["labels"] = JsonNode.Parse(labelsJson);
        return Widgets.CreateAsync(Client, widget);
    }
}
