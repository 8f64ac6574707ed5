using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

/// <summary>propagationPolicy Foreground, Background and Orphan as the garbage collector applies them.</summary>
public sealed class ForegroundDeletionTests : WidgetSandboxTests
{
    private const string Hold = "test.gureum.io/hold";

    [Fact]
    public async Task Foreground_deletion_removes_the_owner_only_after_its_blocking_dependents()
    {
        var owner = await Widgets.CreateAsync(Client, Widgets.New("owner"));
        await CreateDependentAsync("blocking", owner, blockOwnerDeletion: true, finalizer: Hold);
        await CreateDependentAsync("free", owner, blockOwnerDeletion: false);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "owned-config", OwnerReferences = [OwnerReference(owner, blockOwnerDeletion: true)] },
        }, "default");

        await Widgets.DeleteAsync(Client, "owner", propagationPolicy: "Foreground");

        var waiting = await Widgets.GetAsync(Client, "owner");
        Assert.NotNull(waiting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(["foregroundDeletion"], waiting["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.NotNull((await Widgets.GetAsync(Client, "blocking"))["metadata"]!["deletionTimestamp"]);
        Assert.Equal(["blocking", "owner"], await Widgets.NamesAsync(Client));
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);

        await Widgets.MergePatchAsync(Client, "blocking", """{"metadata":{"finalizers":null}}""");

        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Foreground_deletion_of_an_owner_without_dependents_removes_it()
    {
        await Widgets.CreateAsync(Client, Widgets.New("alone"));
        await Widgets.DeleteAsync(Client, "alone", propagationPolicy: "Foreground");
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owners_own_finalizers()
    {
        var owner = Widgets.New("kept-owner");
        owner["metadata"]!["finalizers"] = new JsonArray(Hold);
        var created = await Widgets.CreateAsync(Client, owner);
        await CreateDependentAsync("dependent", created, blockOwnerDeletion: true);

        await Widgets.DeleteAsync(Client, "kept-owner", propagationPolicy: "Foreground");

        var left = await Widgets.GetAsync(Client, "kept-owner");
        Assert.Equal([Hold], left["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(["kept-owner"], await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Kubectl_cascade_foreground_waits_for_the_dependents_then_the_owner()
    {
        var owner = await Widgets.CreateAsync(Client, Widgets.New("parent"));
        await CreateDependentAsync("child", owner, blockOwnerDeletion: true, finalizer: Hold);
        var kubectl = Sandbox.Kubectl();

        var delete = kubectl.RunAsync(["delete", "wd", "parent", "--cascade=foreground", "--timeout=60s"], null, CancellationToken.None);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((await Widgets.GetAsync(Client, "parent"))["metadata"]!["deletionTimestamp"] is null)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
        Assert.NotNull((await Widgets.GetAsync(Client, "child"))["metadata"]!["deletionTimestamp"]);
        Assert.False(delete.IsCompleted, "kubectl returned while the owner waited for its dependent");

        await Widgets.MergePatchAsync(Client, "child", """{"metadata":{"finalizers":null}}""");
        var result = await delete;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Fact]
    public async Task Orphan_deletion_of_an_owner_with_a_finalizer_drops_the_owner_reference_at_once()
    {
        var owner = Widgets.New("slow-owner");
        owner["metadata"]!["finalizers"] = new JsonArray(Hold);
        var created = await Widgets.CreateAsync(Client, owner);
        await CreateDependentAsync("orphan", created, blockOwnerDeletion: true);

        await Widgets.DeleteAsync(Client, "slow-owner", propagationPolicy: "Orphan");
        Assert.Null((await Widgets.GetAsync(Client, "orphan"))["metadata"]!["ownerReferences"]);
        await Widgets.MergePatchAsync(Client, "slow-owner", """{"metadata":{"finalizers":null}}""");

        Assert.Equal(["orphan"], await Widgets.NamesAsync(Client));
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.GetAsync(Client, "slow-owner"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    private Task<JsonObject> CreateDependentAsync(string name, JsonObject owner, bool blockOwnerDeletion, string? finalizer = null)
    {
        var dependent = Widgets.New(name);
        dependent["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = Widgets.ApiVersion,
            ["kind"] = "Widget",
            ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
            ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
            ["blockOwnerDeletion"] = blockOwnerDeletion,
        });
        if (finalizer is not null)
        {
            dependent["metadata"]!["finalizers"] = new JsonArray(finalizer);
        }
        return Widgets.CreateAsync(Client, dependent);
    }

    private static V1OwnerReference OwnerReference(JsonObject owner, bool blockOwnerDeletion) => new()
    {
        ApiVersion = Widgets.ApiVersion,
        Kind = "Widget",
        Name = owner["metadata"]!["name"]!.GetValue<string>(),
        Uid = owner["metadata"]!["uid"]!.GetValue<string>(),
        BlockOwnerDeletion = blockOwnerDeletion,
    };
}
