using System.Text.Json.Nodes;
using Gureum.Testing;
using k8s;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

public sealed class SandboxWatchTests : WidgetSandboxTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Watch_from_a_resourceVersion_replays_what_happened_after_it_in_order()
    {
        var a = await Widgets.CreateAsync(Client, Widgets.New("a"));
        await Widgets.CreateAsync(Client, Widgets.New("b"));
        await Widgets.MergePatchAsync(Client, "a", """{"spec":{"size":6}}""");
        await Widgets.DeleteAsync(Client, "b");

        var events = await CollectAsync(Widgets.Rv(a), count: 3);

        Assert.Equal(["ADDED b", "MODIFIED a", "DELETED b"], events.Select(e => $"{e.Type.ToString().ToUpperInvariant()} {Name(e.Object)}"));
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_ADDED_for_current_objects_then_live_events()
    {
        await Widgets.CreateAsync(Client, Widgets.New("existing"));
        using var cts = new CancellationTokenSource(Deadline);
        var seen = new List<string>();
        await foreach (var (type, obj) in Watch(null, cts.Token))
        {
            seen.Add($"{type} {Name(obj)}");
            if (seen.Count == 1)
            {
                await Widgets.CreateAsync(Client, Widgets.New("live"));
            }
            if (seen.Count == 2)
            {
                break;
            }
        }
        Assert.Equal(["Added existing", "Added live"], seen);
    }

    [Fact]
    public async Task Watch_from_a_compacted_resourceVersion_gets_410_Gone()
    {
        var a = await Widgets.CreateAsync(Client, Widgets.New("old"));
        await Widgets.MergePatchAsync(Client, "old", """{"spec":{"size":5}}""");
        Sandbox.Server.CompactWatchHistory();

        Exception? error = null;
        using var cts = new CancellationTokenSource(Deadline);
#pragma warning disable CS0618 // WatchAsync is the KubernetesClient watch API the runtime uses.
        var stream = Client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
            Widgets.Group, Widgets.Version, "default", Widgets.Plural, watch: true, resourceVersion: Widgets.Rv(a), cancellationToken: cts.Token)
            .WatchAsync<JsonObject, JsonObject>(e => error = e, cts.Token);
#pragma warning restore CS0618
        await foreach (var _ in stream)
        {
            Assert.Fail("no event expected before the 410");
        }
        var gone = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, gone.Status.Code);
        Assert.Equal("Expired", gone.Status.Reason);
    }

    [Fact]
    public async Task Bookmarks_are_sent_when_allowed()
    {
        await Widgets.CreateAsync(Client, Widgets.New("bm"));
        var rv = _sandboxResourceVersion();
        using var cts = new CancellationTokenSource(Deadline);
        await foreach (var (type, obj) in Watch(await rv, cts.Token, bookmarks: true))
        {
            Assert.Equal(WatchEventType.Bookmark, type);
            Assert.False(string.IsNullOrEmpty(obj["metadata"]!["resourceVersion"]!.GetValue<string>()));
            return;
        }
        Assert.Fail("the watch ended without a bookmark");
    }

    [Fact]
    public async Task Watch_without_bookmarks_allowed_gets_none()
    {
        var created = await Widgets.CreateAsync(Client, Widgets.New("nb"));
        using var cts = new CancellationTokenSource(Deadline);
        var stream = Watch(Widgets.Rv(created), cts.Token);
        await Widgets.MergePatchAsync(Client, "nb", """{"spec":{"size":8}}""");
        await foreach (var (type, obj) in stream)
        {
            Assert.Equal(WatchEventType.Modified, type);
            Assert.Equal(8, obj["spec"]!["size"]!.GetValue<int>());
            return;
        }
    }

    [Fact]
    public async Task DropAllWatches_ends_open_streams_and_a_resume_misses_nothing()
    {
        var created = await Widgets.CreateAsync(Client, Widgets.New("d"));
        using var cts = new CancellationTokenSource(Deadline);
        var lastSeen = Widgets.Rv(created);
        var first = Task.Run(async () =>
        {
            await foreach (var (_, obj) in Watch(lastSeen, cts.Token))
            {
                lastSeen = Widgets.Rv(obj);
            }
        });
        await Widgets.MergePatchAsync(Client, "d", """{"spec":{"size":4}}""");
        await WaitUntilAsync(() => lastSeen != Widgets.Rv(created));
        Sandbox.Server.DropAllWatches();
        await first.WaitAsync(cts.Token);

        await Widgets.MergePatchAsync(Client, "d", """{"spec":{"size":5}}""");
        var resumed = await CollectAsync(lastSeen, count: 1);
        Assert.Equal(5, resumed[0].Object["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Label_filtered_watch_sees_objects_enter_and_leave_the_selection()
    {
        var created = await Widgets.CreateAsync(Client, Widgets.New("moving"));
        using var cts = new CancellationTokenSource(Deadline);
#pragma warning disable CS0618 // WatchAsync is the KubernetesClient watch API the runtime uses.
        var stream = Client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
            Widgets.Group, Widgets.Version, "default", Widgets.Plural, watch: true, resourceVersion: Widgets.Rv(created),
            labelSelector: "tier=web", cancellationToken: cts.Token)
            .WatchAsync<JsonObject, JsonObject>(e => throw e, cts.Token);
#pragma warning restore CS0618
        await Widgets.MergePatchAsync(Client, "moving", """{"metadata":{"labels":{"tier":"web"}}}""");
        await Widgets.MergePatchAsync(Client, "moving", """{"spec":{"size":4}}""");
        await Widgets.MergePatchAsync(Client, "moving", """{"metadata":{"labels":{"tier":"db"}}}""");
        await Widgets.MergePatchAsync(Client, "moving", """{"spec":{"size":5}}""");
        await Widgets.MergePatchAsync(Client, "moving", """{"metadata":{"labels":{"tier":"web"}}}""");
        var seen = new List<WatchEventType>();
        await foreach (var (type, _) in stream)
        {
            seen.Add(type);
            if (seen.Count == 4)
            {
                break;
            }
        }
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted, WatchEventType.Added], seen);
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream()
    {
        // KubernetesClient reports a watch body with no bytes at all as an error, so let one event through first.
        await Widgets.CreateAsync(Client, Widgets.New("t"));
        using var cts = new CancellationTokenSource(Deadline);
        var count = 0;
        await foreach (var _ in Watch("0", cts.Token, timeoutSeconds: 1))
        {
            count++;
        }
        Assert.False(cts.IsCancellationRequested);
        Assert.Equal(1, count);
    }

    private async Task<string> _sandboxResourceVersion()
    {
        var list = await Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Widgets.Group, Widgets.Version, "default", Widgets.Plural);
        return list["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private async Task<List<(WatchEventType Type, JsonObject Object)>> CollectAsync(string resourceVersion, int count)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var events = new List<(WatchEventType, JsonObject)>();
        await foreach (var item in Watch(resourceVersion, cts.Token))
        {
            events.Add(item);
            if (events.Count == count)
            {
                break;
            }
        }
        return events;
    }

    private IAsyncEnumerable<(WatchEventType, JsonObject)> Watch(string? resourceVersion, CancellationToken cancellationToken, bool bookmarks = false, int? timeoutSeconds = null)
    {
#pragma warning disable CS0618 // WatchAsync is the KubernetesClient watch API the runtime uses.
        return Client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
            Widgets.Group, Widgets.Version, "default", Widgets.Plural, watch: true, resourceVersion: resourceVersion,
            allowWatchBookmarks: bookmarks, timeoutSeconds: timeoutSeconds, cancellationToken: cancellationToken)
            .WatchAsync<JsonObject, JsonObject>(e => throw e, cancellationToken);
#pragma warning restore CS0618
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    private static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();
}
