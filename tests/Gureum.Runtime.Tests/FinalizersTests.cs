using Xunit;

namespace Gureum.Runtime.Tests;

public sealed class FinalizersTests
{
    private const string Ours = "gureum.dev/finalizer";

    [Fact]
    public void Adding_to_an_absent_list_is_guarded_by_the_resource_version()
    {
        var patch = Finalizers.AddPatch(null, "42", Ours).ToJsonString();

        Assert.Equal(
            """[{"op":"test","path":"/metadata/resourceVersion","value":"42"},{"op":"add","path":"/metadata/finalizers","value":["gureum.dev/finalizer"]}]""",
            patch);
    }

    [Fact]
    public void Adding_to_an_existing_list_tests_the_whole_list_then_appends()
    {
        var patch = Finalizers.AddPatch(["other.io/keep"], "42", Ours).ToJsonString();

        Assert.Equal(
            """[{"op":"test","path":"/metadata/finalizers","value":["other.io/keep"]},{"op":"add","path":"/metadata/finalizers/-","value":"gureum.dev/finalizer"}]""",
            patch);
    }

    [Fact]
    public void Removing_targets_only_our_index_guarded_by_a_test()
    {
        var patch = Finalizers.RemovePatch(["other.io/keep", Ours, "third.io/x"], Ours).ToJsonString();

        Assert.Equal(
            """[{"op":"test","path":"/metadata/finalizers/1","value":"gureum.dev/finalizer"},{"op":"remove","path":"/metadata/finalizers/1"}]""",
            patch);
    }

    [Fact]
    public void Removing_a_finalizer_that_is_not_there_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Finalizers.RemovePatch(["other.io/keep"], Ours));
    }
}
