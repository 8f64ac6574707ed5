using Gureum.Runtime.Events;
using Gureum.Runtime.Status;
using Gureum.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Runtime.Tests.Sandbox;

public sealed class StatusAndEventTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Func<Widget, Widget> Seen(int seen, Action? onCall = null) => widget =>
    {
        onCall?.Invoke();
        widget.Status ??= new WidgetStatus();
        widget.Status.Seen = seen;
        widget.Status.Conditions = [TestConditions.Make("Ready", "True") with { LastTransitionTime = T0.UtcDateTime }];
        return widget;
    };

    [Fact]
    public async Task Status_is_written_with_observedGeneration_and_not_again_when_unchanged()
    {
        var writer = new StatusWriter(api.Client);
        var created = await api.CreateAsync(Widget.Named(api.UniqueName("status")));

        var written = await writer.WriteAsync(created, Widget.Kind, Seen(1), CancellationToken.None);
        var again = await writer.WriteAsync(written, Widget.Kind, Seen(1), CancellationToken.None);

        var stored = await api.GetAsync(created.Metadata.Name);
        Assert.Equal(1, stored.Status!.Seen);
        Assert.Equal(created.Metadata.Generation, stored.Status.ObservedGeneration);
        Assert.Equal(written.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal(written.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_409_on_a_status_write_is_retried_on_fresh_data()
    {
        var writer = new StatusWriter(api.Client);
        var stale = await api.CreateAsync(Widget.Named(api.UniqueName("conflict")));
        await writer.WriteAsync(stale, Widget.Kind, Seen(1), CancellationToken.None);
        var calls = 0;

        var written = await writer.WriteAsync(stale, Widget.Kind, Seen(2, () => calls++), CancellationToken.None);

        Assert.Equal(2, calls);
        Assert.Equal(2, written.Status!.Seen);
        Assert.Equal(2, (await api.GetAsync(stale.Metadata.Name)).Status!.Seen);
    }

    [Fact]
    public async Task Repeated_events_are_counted_on_one_Event()
    {
        var time = new FakeTimeProvider(T0);
        var recorder = new EventRecorder(api.Client, time);
        var widget = await api.CreateAsync(Widget.Named(api.UniqueName("events")));

        await recorder.RecordAsync(widget, EventType.Warning, "DriftDetected", "size differs", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await recorder.RecordAsync(widget, EventType.Warning, "DriftDetected", "size differs", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await recorder.RecordAsync(widget, EventType.Warning, "DriftDetected", "size differs", CancellationToken.None);
        await recorder.RecordAsync(widget, EventType.Normal, "Updated", "size set to 1", CancellationToken.None);

        var events = (await api.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Where(e => e.InvolvedObject.Name == widget.Metadata.Name)
            .OrderBy(e => e.Reason, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(2, events.Count);
        var drift = events[0];
        Assert.Equal("DriftDetected", drift.Reason);
        Assert.Equal(3, drift.Count);
        Assert.Equal("Warning", drift.Type);
        Assert.Equal("gureum", drift.Source.Component);
        Assert.Equal(widget.Metadata.Uid, drift.InvolvedObject.Uid);
        Assert.Equal(T0.UtcDateTime, drift.FirstTimestamp);
        Assert.Equal(T0.AddMinutes(2).UtcDateTime, drift.LastTimestamp);
        Assert.Equal(1, events[1].Count);
    }

    [Fact]
    public async Task An_Event_refused_because_its_namespace_is_being_deleted_is_one_log_line_without_a_stack_trace()
    {
        var ns = api.UniqueName("ending");
        await api.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var held = Widget.Named(api.UniqueName("held"), ns);
        held.Metadata.Finalizers = ["test.gureum.dev/hold"];
        held = await api.CreateAsync(held);
        await api.Client.CoreV1.DeleteNamespaceAsync(ns);
        var logger = new RecordingLogger<EventRecorder>();
        var recorder = new EventRecorder(api.Client, logger: logger);

        await recorder.RecordAsync(held, EventType.Normal, "Deleted", "cleaned up", CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("namespace is being deleted", entry.Message, StringComparison.Ordinal);
    }
}
