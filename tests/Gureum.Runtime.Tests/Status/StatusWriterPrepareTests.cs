using Gureum.Runtime.Status;
using Gureum.Runtime.Tests.Support;
using Xunit;

namespace Gureum.Runtime.Tests.Status;

public sealed class StatusWriterPrepareTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Widget WithStatus(Widget widget, int seen, DateTimeOffset now)
    {
        widget.Status ??= new WidgetStatus();
        widget.Status.Seen = seen;
        // As a controller does: the transition time stays while the status does not flip.
        var since = widget.Status.Conditions?.FirstOrDefault()?.LastTransitionTime ?? now.UtcDateTime;
        widget.Status.Conditions = [TestConditions.Make("Ready", "True", "InSync") with { LastTransitionTime = since }];
        return widget;
    }

    [Fact]
    public void A_first_status_is_a_change_and_carries_the_generation()
    {
        var widget = Widget.Named("w");
        widget.Metadata.Generation = 3;

        var (changed, updated) = StatusWriter.Prepare(widget, w => WithStatus(w, 1, T0));

        Assert.True(changed);
        Assert.Equal(3, updated.Status!.ObservedGeneration);
        Assert.Equal(3, Assert.Single(updated.Status.Conditions!).ObservedGeneration);
        Assert.Null(widget.Status);
    }

    [Fact]
    public void Re_asserting_the_same_status_later_is_no_change()
    {
        var widget = Widget.Named("w");
        widget.Metadata.Generation = 3;
        var (_, written) = StatusWriter.Prepare(widget, w => WithStatus(w, 1, T0));

        var (changed, _) = StatusWriter.Prepare(written, w => WithStatus(w, 1, T0.AddHours(1)));

        Assert.False(changed);
    }

    [Fact]
    public void A_new_generation_is_a_change_even_with_the_same_fields()
    {
        var widget = Widget.Named("w");
        widget.Metadata.Generation = 3;
        var (_, written) = StatusWriter.Prepare(widget, w => WithStatus(w, 1, T0));
        written.Metadata.Generation = 4;

        var (changed, updated) = StatusWriter.Prepare(written, w => WithStatus(w, 1, T0));

        Assert.True(changed);
        Assert.Equal(4, updated.Status!.ObservedGeneration);
    }

    [Fact]
    public void A_changed_field_is_a_change()
    {
        var widget = Widget.Named("w");
        widget.Metadata.Generation = 1;
        var (_, written) = StatusWriter.Prepare(widget, w => WithStatus(w, 1, T0));

        var (changed, updated) = StatusWriter.Prepare(written, w => WithStatus(w, 2, T0));

        Assert.True(changed);
        Assert.Equal(2, updated.Status!.Seen);
    }

    [Fact]
    public void A_status_computed_from_an_older_generation_says_so_on_a_newer_object()
    {
        // The pass worked from generation 3; a conflict brought the object at generation 4.
        var fresher = Widget.Named("w");
        fresher.Metadata.Generation = 4;

        var (_, updated) = StatusWriter.Prepare(fresher, w => WithStatus(w, 1, T0), observedGeneration: 3);

        Assert.Equal(3, updated.Status!.ObservedGeneration);
        Assert.Equal(3, Assert.Single(updated.Status.Conditions!).ObservedGeneration);
    }
}
