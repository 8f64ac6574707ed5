using Gureum.Runtime.Tests.Support;
using Xunit;

namespace Gureum.Runtime.Tests;

public sealed class ObjectChangesTests
{
    private static Widget Base()
    {
        var widget = Widget.Named("w");
        widget.Metadata.Generation = 1;
        widget.Metadata.ResourceVersion = "10";
        widget.Metadata.Annotations = new Dictionary<string, string> { ["a"] = "1" };
        return widget;
    }

    [Fact]
    public void A_status_only_update_does_not_matter()
    {
        var after = Base();
        after.Metadata.ResourceVersion = "11";
        after.Status = new WidgetStatus { Seen = 5 };

        Assert.False(ObjectChanges.Matter(Base(), after));
    }

    public static TheoryData<string> Changes => ["generation", "annotation", "label", "finalizer", "deletion"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void User_visible_changes_matter(string change)
    {
        var after = Base();
        switch (change)
        {
            case "generation": after.Metadata.Generation = 2; break;
            case "annotation": after.Metadata.Annotations["gureum.dev/reconcile-requested-at"] = "now"; break;
            case "label": after.Metadata.Labels = new Dictionary<string, string> { ["team"] = "x" }; break;
            case "finalizer": after.Metadata.Finalizers = ["gureum.dev/finalizer"]; break;
            case "deletion": after.Metadata.DeletionTimestamp = DateTime.UtcNow; break;
        }

        Assert.True(ObjectChanges.Matter(Base(), after));
    }
}
