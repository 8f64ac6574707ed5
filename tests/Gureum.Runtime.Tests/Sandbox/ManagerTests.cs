using System.Collections.Concurrent;
using Gureum.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Xunit;

namespace Gureum.Runtime.Tests.Sandbox;

public sealed class ManagerTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private const string Finalizer = "test.gureum.dev/finalizer";

    private sealed class RecordingReconciler(string identity) : IReconciler<Widget>
    {
        public ConcurrentQueue<(string Identity, string Name)> Reconciled { get; } = new();

        public ConcurrentQueue<string> CleanedUp { get; } = new();

        public Task<ReconcileResult> ReconcileAsync(Widget resource, CancellationToken cancellationToken)
        {
            Reconciled.Enqueue((identity, resource.Metadata.Name));
            return Task.FromResult(ReconcileResult.Done);
        }

        public Task<ReconcileResult> CleanupAsync(Widget resource, CancellationToken cancellationToken)
        {
            CleanedUp.Enqueue(resource.Metadata.Name);
            return Task.FromResult(ReconcileResult.Done);
        }
    }

    [Fact]
    public async Task Finalizer_is_added_before_reconcile_and_only_ours_is_removed_after_cleanup()
    {
        var reconciler = new RecordingReconciler("only");
        var manager = new ControllerManager(api.NewClient(), new ControllerManagerOptions { Namespace = "default" });
        manager.Add(new ControllerDefinition<Widget>("finalizing", Widget.Kind, reconciler) { Finalizer = Finalizer });
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);
        var name = api.UniqueName("final");
        var widget = Widget.Named(name);
        widget.Metadata.Finalizers = ["other.io/keep"];

        await api.CreateAsync(widget);
        await Eventually.True(() => reconciler.Reconciled.Any(r => r.Name == name), "the widget is reconciled");
        Assert.Equal(["other.io/keep", Finalizer], (await api.GetAsync(name)).Metadata.Finalizers);

        await api.DeleteAsync(name);
        await Eventually.True(
            async () => (await api.GetAsync(name)).Metadata.Finalizers is ["other.io/keep"],
            "our finalizer is removed");
        Assert.Contains(name, reconciler.CleanedUp);
        Assert.NotNull((await api.GetAsync(name)).Metadata.DeletionTimestamp);

        await stop.CancelAsync();
        await running.WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task Of_two_instances_sharing_a_Lease_one_reconciles_and_the_other_takes_over_when_it_stops()
    {
        var lease = api.UniqueName("lease");
        // Longer than the poll deadline below: the follower can only take over in time if the
        // stopping leader releases the Lease, so no wall-clock race with the lease expiry is involved.
        var leaseDuration = TimeSpan.FromSeconds(60);
        var first = new RecordingReconciler("first");
        var second = new RecordingReconciler("second");
        ControllerManager Manager(string identity, RecordingReconciler reconciler)
        {
            var manager = new ControllerManager(api.NewClient(), new ControllerManagerOptions
            {
                Namespace = "default",
                ShutdownTimeout = TimeSpan.FromSeconds(2),
                LeaderElection = new LeaderElectionOptions("default", lease, identity)
                {
                    LeaseDuration = leaseDuration,
                    RenewDeadline = TimeSpan.FromSeconds(2),
                    RetryPeriod = TimeSpan.FromMilliseconds(200),
                },
            });
            manager.Add(new ControllerDefinition<Widget>("leased", Widget.Kind, reconciler));
            return manager;
        }

        var managers = new Dictionary<string, (ControllerManager Manager, RecordingReconciler Reconciler, CancellationTokenSource Stop)>
        {
            ["first"] = (Manager("first", first), first, new CancellationTokenSource()),
            ["second"] = (Manager("second", second), second, new CancellationTokenSource()),
        };
        var runs = managers.ToDictionary(pair => pair.Key, pair => pair.Value.Manager.RunAsync(pair.Value.Stop.Token));
        var name = api.UniqueName("leased");
        await api.CreateAsync(Widget.Named(name));
        await Eventually.True(
            () => first.Reconciled.Any(r => r.Name == name) || second.Reconciled.Any(r => r.Name == name),
            "someone reconciles");

        var leader = managers.Single(pair => pair.Value.Manager.IsLeader).Key;
        var follower = leader == "first" ? "second" : "first";
        Assert.DoesNotContain(managers[follower].Reconciler.Reconciled, r => r.Name == name);
        // The follower's cache is current while it waits, so taking over starts from it rather than from a list.
        await Eventually.True(
            () => managers[follower].Manager.GetCache<Widget>(Widget.Kind).List().Any(w => w.Metadata.Name == name),
            "the follower's cache holds the widget");
        Assert.False(managers[follower].Manager.IsLeader);
        Assert.DoesNotContain(managers[follower].Reconciler.Reconciled, r => r.Name == name);

        await managers[leader].Stop.CancelAsync();
        await runs[leader].WaitAsync(Eventually.DefaultDeadline);
        await Eventually.True(
            () => managers[follower].Reconciler.Reconciled.Any(r => r.Name == name),
            "the follower takes over before the lease would have expired");
        Assert.True(managers[follower].Manager.IsLeader);

        await managers[follower].Stop.CancelAsync();
        await runs[follower].WaitAsync(Eventually.DefaultDeadline);
        foreach (var (_, (_, _, stop)) in managers)
            stop.Dispose();
    }

    [Fact]
    public async Task Losing_the_Lease_cancels_in_flight_reconciles_at_once()
    {
        var lease = api.UniqueName("stolen");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = api.UniqueName("held");
        var reconciler = new BlockingReconciler(held, entered, cancelled);
        var manager = new ControllerManager(api.NewClient(), new ControllerManagerOptions
        {
            Namespace = "default",
            ShutdownTimeout = TimeSpan.FromMinutes(5),
            LeaderElection = new LeaderElectionOptions("default", lease, "victim")
            {
                LeaseDuration = TimeSpan.FromSeconds(3),
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            },
        });
        manager.Add(new ControllerDefinition<Widget>("stolen", Widget.Kind, reconciler));
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);
        await api.CreateAsync(Widget.Named(held));
        await entered.Task.WaitAsync(Eventually.DefaultDeadline);

        // The thief writes without a resourceVersion: the manager renews every RetryPeriod, so a
        // read-then-replace would race those renewals and fail with 409 Conflict under load.
        var renewTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        await api.Client.CoordinationV1.PatchNamespacedLeaseAsync(
            new V1Patch($$$"""{"spec":{"holderIdentity":"thief","leaseDurationSeconds":3600,"renewTime":"{{{renewTime}}}"}}""", V1Patch.PatchType.MergePatch),
            lease, "default");

        await cancelled.Task.WaitAsync(Eventually.DefaultDeadline);
        await Eventually.True(() => !manager.IsLeader, "the manager knows it is no longer leader");
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.DefaultDeadline);
    }

    private sealed class BlockingReconciler(string name, TaskCompletionSource entered, TaskCompletionSource cancelled)
        : IReconciler<Widget>
    {
        public async Task<ReconcileResult> ReconcileAsync(Widget resource, CancellationToken cancellationToken)
        {
            if (resource.Metadata.Name != name)
                return ReconcileResult.Done;
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

            return ReconcileResult.Done;
        }

        public Task<ReconcileResult> CleanupAsync(Widget resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Done);
    }
}
