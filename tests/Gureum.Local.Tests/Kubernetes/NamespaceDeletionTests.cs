using System.Net;
using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes;
using Gureum.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

/// <summary>Namespace deletion as kube-apiserver and its namespace controller do it, seen by KubernetesClient and the real kubectl.</summary>
public sealed class NamespaceDeletionTests : WidgetSandboxTests
{
    private const string Demo = "demo";
    private const string Finalizer = "gureum.dev/finalizer";

    [Fact]
    public async Task Deleting_a_namespace_marks_it_Terminating_with_the_namespace_controller_conditions()
    {
        await CreateDemoAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await CreateHeldWidgetAsync(name);
        }
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, Demo);
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" } }, Demo);
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "leader" }, Spec = new V1LeaseSpec() }, Demo);

        await Client.CoreV1.DeleteNamespaceAsync(Demo);

        var ns = await Client.CoreV1.ReadNamespaceAsync(Demo);
        Assert.NotNull(ns.Metadata.DeletionTimestamp);
        Assert.Equal("Terminating", ns.Status.Phase);
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        AssertCondition(ns, "NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered");
        AssertCondition(ns, "NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed");
        AssertCondition(ns, "NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization");
        AssertCondition(ns, "NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: widgets.test.gureum.io has 3 resource instances");
        AssertCondition(ns, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: gureum.dev/finalizer in 3 resource instances");
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync(Demo)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedSecretAsync(Demo)).Items);
        Assert.Empty((await Client.CoordinationV1.ListNamespacedLeaseAsync(Demo)).Items);
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.NotNull((await Widgets.GetAsync(Client, name, Demo))["metadata"]!["deletionTimestamp"]);
        }
    }

    [Fact]
    public async Task An_object_with_a_finalizer_keeps_the_namespace_until_the_finalizer_is_removed()
    {
        var created = await CreateDemoAsync();
        await CreateHeldWidgetAsync("a");
        await CreateHeldWidgetAsync("b");
        await Client.CoreV1.DeleteNamespaceAsync(Demo);

        await ReleaseAsync("a");
        var ns = await Client.CoreV1.ReadNamespaceAsync(Demo);
        AssertCondition(ns, "NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: widgets.test.gureum.io has 1 resource instances");
        AssertCondition(ns, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: gureum.dev/finalizer in 1 resource instances");

        await ReleaseAsync("b");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespaceAsync(Demo));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        var events = await NamespaceEventsAsync(created.Metadata.ResourceVersion);
        Assert.Equal(WatchEventType.Deleted, events[^1].Type);
        Assert.All(events.SkipLast(1), e => Assert.Equal(WatchEventType.Modified, e.Type));
        Assert.Equal("Terminating", events[0].Object.Status.Phase);
        Assert.DoesNotContain(events, e => e.Type == WatchEventType.Deleted && e != events[^1]);
    }

    [Fact]
    public async Task An_empty_namespace_goes_at_once_and_watchers_see_MODIFIED_then_DELETED()
    {
        var created = await CreateDemoAsync();

        await Client.CoreV1.DeleteNamespaceAsync(Demo);

        Assert.DoesNotContain((await Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == Demo);
        var events = await NamespaceEventsAsync(created.Metadata.ResourceVersion);
        Assert.Equal(WatchEventType.Modified, events[0].Type);
        Assert.NotNull(events[0].Object.Metadata.DeletionTimestamp);
        Assert.Equal(WatchEventType.Deleted, events[^1].Type);
    }

    [Fact]
    public async Task Creating_in_a_terminating_namespace_is_Forbidden_as_kube_apiserver_answers()
    {
        await CreateDemoAsync();
        await CreateHeldWidgetAsync("held");
        await Client.CoreV1.DeleteNamespaceAsync(Demo);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Widgets.CreateAsync(Client, Widgets.New("late", ns: Demo), Demo));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        var status = JsonNode.Parse(refused.Response.Content)!;
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal(403, status["code"]!.GetValue<int>());
        Assert.Equal("widgets.test.gureum.io \"late\" is forbidden: unable to create new content in namespace demo because it is being terminated", status["message"]!.GetValue<string>());
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("NamespaceTerminating", cause["reason"]!.GetValue<string>());
        Assert.Equal("namespace demo is being terminated", cause["message"]!.GetValue<string>());
        Assert.Equal("metadata.namespace", cause["field"]!.GetValue<string>());
        Assert.Equal(["held"], await Widgets.NamesAsync(Client, Demo));

        var kubectl = Sandbox.Kubectl();
        var created = await kubectl.RunAsync("create", "configmap", "late", "-n", Demo, "--from-literal=a=b");
        Assert.NotEqual(0, created.ExitCode);
        Assert.Contains("configmaps \"late\" is forbidden: unable to create new content in namespace demo because it is being terminated", created.StdErr, StringComparison.Ordinal);
        var applied = await kubectl.RunAsync(["apply", "-n", Demo, "-f", "-"], Widgets.Yaml("applied"), CancellationToken.None);
        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("Error from server (Forbidden): error when creating \"STDIN\": widgets.test.gureum.io \"applied\" is forbidden: unable to create new content in namespace demo because it is being terminated", applied.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_delete_namespace_waits_until_the_namespace_is_gone()
    {
        await CreateDemoAsync();
        await CreateHeldWidgetAsync("held");
        var kubectl = Sandbox.Kubectl();

        var delete = kubectl.RunAsync(["delete", "namespace", Demo, "--timeout=60s"], null, CancellationToken.None);
        await PollAsync(async () => (await Client.CoreV1.ReadNamespaceAsync(Demo)).Metadata.DeletionTimestamp is not null);
        var described = await kubectl.RunAsync("describe", "namespace", Demo);
        Assert.Contains("Terminating", described.StdOut, StringComparison.Ordinal);
        Assert.False(delete.IsCompleted, "kubectl returned while the namespace was still there");

        await ReleaseAsync("held");
        var result = await delete;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("namespace \"demo\" deleted", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain((await Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == Demo);
    }

    [Fact]
    public async Task A_terminating_namespace_stays_terminating_across_a_restart_and_finishes_after_it()
    {
        var stateDir = Path.Combine(Sandbox.Directory, "state");
        await using (var first = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { StateDir = stateDir }, CancellationToken.None))
        {
            using var client = SandboxFixture.CreateClient(first);
            await Widgets.InstallAsync(client);
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Demo } });
            var widget = Widgets.New("held", ns: Demo);
            widget["metadata"]!["finalizers"] = new JsonArray(Finalizer);
            await Widgets.CreateAsync(client, widget, Demo);
            await client.CoreV1.DeleteNamespaceAsync(Demo);
        }

        await using var second = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { StateDir = stateDir }, CancellationToken.None);
        using var restarted = SandboxFixture.CreateClient(second);
        var ns = await restarted.CoreV1.ReadNamespaceAsync(Demo);
        Assert.Equal("Terminating", ns.Status.Phase);
        Assert.NotNull(ns.Metadata.DeletionTimestamp);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => restarted.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, Demo));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);

        await Widgets.MergePatchAsync(restarted, "held", """{"metadata":{"finalizers":null}}""", Demo);

        Assert.DoesNotContain((await restarted.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == Demo);
    }

    private Task<V1Namespace> CreateDemoAsync() =>
        Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Demo } });

    private Task<JsonObject> CreateHeldWidgetAsync(string name)
    {
        var widget = Widgets.New(name, ns: Demo);
        widget["metadata"]!["finalizers"] = new JsonArray(Finalizer);
        return Widgets.CreateAsync(Client, widget, Demo);
    }

    private Task<JsonObject> ReleaseAsync(string name) =>
        Widgets.MergePatchAsync(Client, name, """{"metadata":{"finalizers":null}}""", Demo);

    private static void AssertCondition(V1Namespace ns, string type, string status, string reason, string message)
    {
        var condition = Assert.Single(ns.Status.Conditions, c => c.Type == type);
        Assert.Equal((status, reason, message), (condition.Status, condition.Reason, condition.Message));
        Assert.NotNull(condition.LastTransitionTime);
    }

    /// <summary>The demo namespace's watch events after a resourceVersion, replayed from the server's history up to its DELETED.</summary>
    private async Task<List<(WatchEventType Type, V1Namespace Object)>> NamespaceEventsAsync(string sinceVersion)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<(WatchEventType, V1Namespace)>();
#pragma warning disable CS0618 // WatchAsync is the KubernetesClient watch API the runtime uses.
        var stream = Client.CoreV1.ListNamespaceWithHttpMessagesAsync(watch: true, resourceVersion: sinceVersion, fieldSelector: $"metadata.name={Demo}", cancellationToken: cts.Token)
            .WatchAsync<V1Namespace, V1NamespaceList>(cancellationToken: cts.Token);
#pragma warning restore CS0618
        await foreach (var (type, ns) in stream)
        {
            events.Add((type, ns));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }
        return events;
    }

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
