using Gureum.Api.V1Alpha1;
using Gureum.Testing;
using Xunit;

namespace Gureum.Operator.Tests.Deploy;

/// <summary>
/// deploy/base is rendered by the real kubectl's built-in kustomize, so a broken reference
/// (e.g. to crds/) or a missing manifest fails here rather than at install time.
/// </summary>
public sealed class KustomizeBaseTests
{
    [Fact]
    public async Task The_base_renders_every_crd_and_the_operator_into_its_namespace()
    {
        var kubectl = new Kubectl(kubeconfigPath: "/dev/null");
        var result = await kubectl.RunAsync("kustomize", Path.Combine(RepoRoot.Path, "deploy", "base"));

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var kind in GureumKinds.All)
            Assert.Contains($"name: {kind.CrdName}", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("namespace: gureum-system", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("- --leader-elect", result.StdOut, StringComparison.Ordinal);
    }
}
