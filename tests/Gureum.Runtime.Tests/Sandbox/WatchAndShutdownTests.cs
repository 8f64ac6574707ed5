using System.Collections.Concurrent;
using Gureum.Runtime.Cache;
using Gureum.Runtime.Tests.Support;
using Xunit;

namespace Gureum.Runtime.Tests.Sandbox;

public sealed class WatchAndShutdownTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private sealed class CountingReconciler : IReconciler<Widget>
    {
        public ConcurrentQueue<string> Reconciled { get; } = new();

        public Func<Widget, CancellationToken, Task>? During { get; set; }

        public async Task<ReconcileResult> ReconcileAsync(Widget resource, CancellationToken cancellationToken)
        {
            if (During is { } during)
                await during(resource, cancellationToken);
            Reconciled.Enqueue(resource.Metadata.Name);
            return ReconcileResult.Done;
        }

        public Task<ReconcileResult> CleanupAsync(Widget resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Done);
    }

    [Fact]
    public async Task A_change_to_a_watched_kind_wakes_the_objects_that_refer_to_it_through_an_index()
    {
        var reconciler = new CountingReconciler();
        var manager = new ControllerManager(api.NewClient(), new ControllerManagerOptions { Namespace = "default" });
        manager.Add(new ControllerDefinition<Widget>("referring", Widget.Kind, reconciler)
        {
            Indexes = new Dictionary<string, Func<Widget, IEnumerable<string>>>
            {
                ["gadget"] = w => w.Spec?.PartRef is { } part ? [Watch.IndexKey(w.Metadata.NamespaceProperty, part)] : [],
            },
            Watches =
            [
                Watch.Related<Widget, Widget>(ApiServerFixture.Gadget, (gadget, widgets) =>
                    widgets.ByIndex("gadget", Watch.IndexKey(gadget.Metadata.NamespaceProperty, gadget.Metadata.Name))
                        .Select(ObjectKey.Of)),
            ],
        });
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);
        var gadget = api.UniqueName("gadget");
        var referring = Widget.Named(api.UniqueName("referring"));
        referring.Spec!.PartRef = gadget;
        var bystander = Widget.Named(api.UniqueName("bystander"));

        await api.CreateAsync(referring);
        await api.CreateAsync(bystander);
        await Eventually.True(
            () => reconciler.Reconciled.Contains(referring.Metadata.Name) && reconciler.Reconciled.Contains(bystander.Metadata.Name),
            "both widgets are reconciled once");
        await api.CreateAsync(Widget.Named(gadget), ApiServerFixture.Gadget);

        await Eventually.True(
            () => reconciler.Reconciled.Count(name => name == referring.Metadata.Name) == 2,
            "the referring widget is reconciled again");
        Assert.Single(reconciler.Reconciled, name => name == bystander.Metadata.Name);
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task Shutdown_lets_an_in_flight_reconcile_finish_and_takes_no_new_work()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelledInside = false;
        var busy = api.UniqueName("busy");
        var late = api.UniqueName("late");
        var reconciler = new CountingReconciler
        {
            During = async (widget, cancellationToken) =>
            {
                if (widget.Metadata.Name != busy)
                    return;
                entered.TrySetResult();
                await release.Task;
                cancelledInside = cancellationToken.IsCancellationRequested;
            },
        };
        var manager = new ControllerManager(
            api.NewClient(),
            new ControllerManagerOptions { Namespace = "default", ShutdownTimeout = TimeSpan.FromMinutes(1) });
        manager.Add(new ControllerDefinition<Widget>("graceful", Widget.Kind, reconciler) { Workers = 1 });
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);
        await api.CreateAsync(Widget.Named(busy));
        await entered.Task.WaitAsync(Eventually.DefaultDeadline);

        await stop.CancelAsync();
        await api.CreateAsync(Widget.Named(late));
        Assert.False(running.IsCompleted);
        release.SetResult();
        await running.WaitAsync(Eventually.DefaultDeadline);

        Assert.Contains(busy, reconciler.Reconciled);
        Assert.DoesNotContain(late, reconciler.Reconciled);
        Assert.False(cancelledInside);
    }

    [Fact]
    public async Task Shutdown_cancels_a_reconcile_that_outlives_the_timeout()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new CountingReconciler
        {
            During = async (_, cancellationToken) =>
            {
                entered.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            },
        };
        var manager = new ControllerManager(
            api.NewClient(),
            new ControllerManagerOptions { Namespace = "default", ShutdownTimeout = TimeSpan.FromMilliseconds(100) });
        manager.Add(new ControllerDefinition<Widget>("impatient", Widget.Kind, reconciler) { Workers = 1 });
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);
        await api.CreateAsync(Widget.Named(api.UniqueName("stuck")));
        await entered.Task.WaitAsync(Eventually.DefaultDeadline);

        await stop.CancelAsync();

        await running.WaitAsync(Eventually.DefaultDeadline);
        Assert.True(cancelled.Task.IsCompleted);
    }

    [Fact]
    public async Task Every_object_is_reconciled_again_after_the_resync_period_on_the_fake_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var period = TimeSpan.FromMinutes(10);
        var name = api.UniqueName("resync");
        var seenAt = new ConcurrentQueue<DateTimeOffset>();
        var reconciler = new CountingReconciler
        {
            During = (widget, _) =>
            {
                if (widget.Metadata.Name == name)
                    seenAt.Enqueue(time.GetUtcNow());
                return Task.CompletedTask;
            },
        };
        var manager = new ControllerManager(
            api.NewClient(), new ControllerManagerOptions { Namespace = "default" }, timeProvider: time);
        manager.Add(new ControllerDefinition<Widget>("resyncing", Widget.Kind, reconciler) { ResyncPeriod = period });
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);
        await api.CreateAsync(Widget.Named(name));
        await Eventually.True(() => seenAt.Count == 1, "the first reconcile");

        await Eventually.True(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(10));
                return seenAt.Count >= 2;
            },
            "the resync reconciles the object again");

        var second = seenAt.ElementAt(1) - DateTimeOffset.UnixEpoch;
        Assert.InRange(second, period, period + (period * 0.1) + TimeSpan.FromMinutes(5));
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.DefaultDeadline);
    }
}
