using Gureum.Runtime.Cache;
using Gureum.Runtime.Tests.Support;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gureum.Runtime.Tests.Sandbox;

public sealed class InformerTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private sealed class Recorder
    {
        private readonly Lock _gate = new();
        private readonly List<(WatchEventType Type, string Name, string? Version)> _events = [];

        public void On(ResourceEvent<Widget> change)
        {
            lock (_gate)
                _events.Add((change.Type, change.Resource.Metadata.Name, change.Resource.Metadata.ResourceVersion));
        }

        public List<(WatchEventType Type, string Name, string? Version)> For(string name)
        {
            lock (_gate)
                return [.. _events.Where(e => e.Name == name)];
        }
    }

    private Informer<Widget> NewInformer(Recorder recorder)
    {
        var informer = new Informer<Widget>(api.NewClient(), Widget.Kind, "default", TimeProvider.System, NullLogger.Instance);
        informer.Subscribe(recorder.On);
        return informer;
    }

    [Fact]
    public async Task A_watch_the_server_cuts_is_resumed_with_nothing_missed_and_nothing_handled_twice()
    {
        var recorder = new Recorder();
        var informer = NewInformer(recorder);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Eventually.DefaultDeadline);
        var first = api.UniqueName("cut");
        var second = api.UniqueName("cut");

        await api.CreateAsync(Widget.Named(first));
        await Eventually.True(() => recorder.For(first).Count == 1, "the first widget is seen");
        api.Server.DropAllWatches();
        await api.CreateAsync(Widget.Named(second));
        var changed = await api.GetAsync(first);
        changed.Spec!.Size = 5;
        await api.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(
            changed, Widget.Kind.Group, Widget.Kind.Version, "default", Widget.Kind.Plural, first);
        api.Server.DropAllWatches();
        await Eventually.True(() => recorder.For(first).Count >= 2 && recorder.For(second).Count >= 1, "both changes are seen");

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified], recorder.For(first).Select(e => e.Type));
        Assert.Equal([WatchEventType.Added], recorder.For(second).Select(e => e.Type));
        Assert.Equal(5, informer.Cache.Get(new ObjectKey("default", first))!.Spec!.Size);
        Assert.Equal(0, informer.Relists);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task The_cache_keeps_objects_without_their_managedFields_and_the_server_keeps_them()
    {
        var informer = NewInformer(new Recorder());
        var listed = api.UniqueName("mf");
        var watched = api.UniqueName("mf");
        await api.CreateAsync(Widget.Named(listed));
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Eventually.DefaultDeadline);
        await api.CreateAsync(Widget.Named(watched));
        await Eventually.True(() => informer.Cache.Get(new ObjectKey("default", watched)) is not null, "the second widget is seen");

        Assert.NotEmpty((await api.GetAsync(listed)).Metadata.ManagedFields ?? []);
        Assert.Null(informer.Cache.Get(new ObjectKey("default", listed))!.Metadata.ManagedFields);
        Assert.Null(informer.Cache.Get(new ObjectKey("default", watched))!.Metadata.ManagedFields);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_410_Gone_leads_to_a_relist_that_delivers_only_the_differences()
    {
        var recorder = new Recorder();
        var informer = NewInformer(recorder);
        var kept = api.UniqueName("gone");
        var removed = api.UniqueName("gone");
        var added = api.UniqueName("gone");
        await api.CreateAsync(Widget.Named(kept));
        await api.CreateAsync(Widget.Named(removed));

        using (var firstRun = new CancellationTokenSource())
        {
            var running = informer.RunAsync(firstRun.Token);
            await Eventually.True(() => recorder.For(removed).Count == 1, "the widgets are listed");
            await firstRun.CancelAsync();
            await running;
        }

        // While nobody watches: changes, then the history the informer would resume from is forgotten.
        await api.DeleteAsync(removed);
        await api.CreateAsync(Widget.Named(added));
        api.Server.CompactWatchHistory();

        using var secondRun = new CancellationTokenSource();
        var resumed = informer.RunAsync(secondRun.Token);
        await Eventually.True(() => recorder.For(added).Count == 1 && recorder.For(removed).Count == 2, "the relist is applied");

        Assert.Equal(1, informer.Relists);
        Assert.Equal([WatchEventType.Added], recorder.For(kept).Select(e => e.Type));
        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], recorder.For(removed).Select(e => e.Type));
        Assert.Null(informer.Cache.Get(new ObjectKey("default", removed)));
        await secondRun.CancelAsync();
        await resumed;
    }

    [Fact]
    public async Task The_cache_answers_by_secondary_index()
    {
        var recorder = new Recorder();
        var informer = NewInformer(recorder);
        informer.Cache.AddIndex("part", w => w.Spec?.PartRef is { } part ? [part] : []);
        var name = api.UniqueName("indexed");
        var widget = Widget.Named(name);
        widget.Spec!.PartRef = "bolt";
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);

        await api.CreateAsync(widget);
        await Eventually.True(() => informer.Cache.ByIndex("part", "bolt").Count == 1, "the index holds the widget");

        Assert.Equal(name, informer.Cache.ByIndex("part", "bolt")[0].Metadata.Name);
        Assert.Empty(informer.Cache.ByIndex("part", "nut"));
        await stop.CancelAsync();
        await running;
    }
}
