using Gureum.Runtime.Tests.Support;
using Xunit;

namespace Gureum.Runtime.Tests.Sandbox;

/// <summary>A manager with caches and no controller (a read-only view) keeps its caches current until it is stopped.</summary>
public sealed class CacheOnlyManagerTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task Caches_without_a_controller_keep_watching_until_stopped()
    {
        var manager = new ControllerManager(api.NewClient(), new ControllerManagerOptions { Namespace = "default" });
        var cache = manager.GetCache<Widget>(Widget.Kind);
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);
        await Eventually.True(() => cache.HasSynced, "the cache has synced");

        var name = api.UniqueName("viewed");
        await api.CreateAsync(Widget.Named(name));

        await Eventually.True(() => cache.List().Any(widget => widget.Metadata.Name == name), "the cache sees a widget created after it synced");
        Assert.False(running.IsCompleted);
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.DefaultDeadline);
    }
}
