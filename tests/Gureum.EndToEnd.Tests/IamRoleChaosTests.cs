using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// IamRoles under <c>--aws-faults chaos</c> (throttling, 5xx, latency, lost responses): each object
/// ends with exactly one role and one instance profile holding exactly its policies, and deleting
/// them leaves nothing of theirs in IAM.
/// </summary>
public sealed class IamRoleChaosTests(ChaosFixture local) : IClassFixture<ChaosFixture>
{
    private const int Count = 8;
    private const string Prefix = "default-chaos-role-";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Roles_converge_once_each_and_deleting_them_leaves_nothing()
    {
        var kubectl = local.Kubectl();
        var iam = IamReader.FromEnvFile(local.Process.AwsEnvPath);
        var roles = string.Join("---\n", Enumerable.Range(0, Count).Select(i => IamRoleManifests.Role($"chaos-role-{i}") + "\n"));
        await kubectl.ApplyAsync(roles).OkAsync();

        await kubectl.RunAsync("wait", "--for=condition=Ready", "iamroles", "--all", $"--timeout={Timeout.TotalSeconds}s").OkAsync();

        var expected = Enumerable.Range(0, Count).Select(i => Prefix + i).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Ours(await iam.RoleNamesAsync()));
        Assert.Equal(expected, Ours(await iam.InstanceProfileNamesAsync()));
        foreach (var name in expected)
        {
            Assert.Equal([IamReader.SsmCore], await iam.AttachedPolicyArnsAsync(name));
            Assert.Equal(["read-assets"], await iam.InlinePolicyNamesAsync(name));
            var profile = await iam.InstanceProfileAsync(name);
            Assert.Equal([name], profile!["Roles"]!.AsArray().Select(r => (string)r!["RoleName"]!));
        }

        await kubectl.RunAsync("delete", "iamroles", "--all", $"--timeout={Timeout.TotalSeconds}s").OkAsync();

        Assert.Empty(Ours(await iam.RoleNamesAsync()));
        Assert.Empty(Ours(await iam.InstanceProfileNamesAsync()));
    }

    /// <summary>This test's names, sorted, duplicates kept (IAM names are unique, so a duplicate would be a bug in the emulator).</summary>
    private static List<string> Ours(IReadOnlyList<string> names) =>
        [.. names.Where(name => name.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
