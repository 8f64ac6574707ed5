using Gureum.Runtime.Tests.Support;
using Xunit;

namespace Gureum.Runtime.Tests;

public sealed class WatchFilterTests
{
    private static readonly Func<Widget?, Widget, bool> BeyondSeen = Watch.ChangesBeyond<Widget>("status.seen");

    private static Widget Make(string resourceVersion, int seen, string ready = "True", int size = 1)
    {
        var widget = Widget.Named("w", size: size);
        widget.Metadata.ResourceVersion = resourceVersion;
        widget.Status = new WidgetStatus { ObservedGeneration = 1, Seen = seen, Conditions = [TestConditions.Make("Ready", ready)] };
        return widget;
    }

    [Fact]
    public void A_write_that_changes_only_the_ignored_path_does_not_matter()
    {
        Assert.False(BeyondSeen(Make("10", seen: 1), Make("11", seen: 2)));
    }

    [Fact]
    public void Any_other_change_and_a_first_sighting_matter()
    {
        Assert.True(BeyondSeen(Make("10", seen: 1), Make("11", seen: 2, ready: "False")));
        Assert.True(BeyondSeen(Make("10", seen: 1), Make("11", seen: 1, size: 2)));
        Assert.True(BeyondSeen(null, Make("11", seen: 1)));
    }

    [Fact]
    public void A_path_that_is_absent_is_ignored_without_error()
    {
        var before = Make("10", seen: 1);
        before.Status = null;
        var after = Make("11", seen: 1);
        after.Status = null;
        Assert.False(BeyondSeen(before, after));
    }
}
