using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Tests.Support;
using Xunit;
using ApiRole = Gureum.Api.V1Alpha1.IamRole;

namespace Gureum.Controllers.Tests.IamRoles;

/// <summary>What a resync pass costs in IAM calls. A fixture of its own, so the counts are these objects' only.</summary>
public sealed class IamRoleResyncTests(ResyncFixture env) : IClassFixture<ResyncFixture>
{
    private const int Count = 4;
    private static readonly TimeSpan Drift = TimeSpan.FromSeconds(2);
    private const string SsmCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

    private Dictionary<string, long> IamCalls() => env.Emulator.Stats.RequestCounts
        .Where(c => c.Key.Service == "iam").ToDictionary(c => c.Key.Operation, c => c.Value);

    [Fact]
    public async Task Resync_passes_read_the_role_alone_and_a_difference_there_brings_a_full_read()
    {
        var names = Enumerable.Range(0, Count).Select(_ => env.UniqueName("iamresync")).ToList();
        await Task.WhenAll(names.Select(name => env.CreateAsync(TestObjects.IamRole(name).WithManagedPolicies(SsmCore)
            .WithInlinePolicy("read", "s3:GetObject").WithInstanceProfile().Build())));
        foreach (var name in names)
            await env.WaitForAsync<ApiRole, IamRoleSpec, IamRoleStatus>(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);
        await Task.Delay(Drift * 2);

        var before = IamCalls();
        await Task.Delay(Drift * 3);
        var during = IamCalls().ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));

        // About three resync passes of four roles: GetRole each, and nothing else (no full read is due).
        Assert.InRange(during.GetValueOrDefault("GetRole"), 1, 5 * Count);
        Assert.Equal(["GetRole"], during.Where(c => c.Value > 0).Select(c => c.Key).ToList());

        // A difference the role shows (its description, out of band) is corrected by a full pass.
        var roleName = $"{ControllerFixture.Namespace}-{names[0]}";
        await env.Aws.Iam.UpdateRoleAsync(roleName, "changed out of band", null, CancellationToken.None);
        await Eventually.True(async () => (await env.Aws.Iam.GetRoleAsync(roleName, CancellationToken.None)).Description != "changed out of band",
            "the description is set back");
        var status = (await env.GetAsync<ApiRole>(names[0]))!.Status!;
        Assert.NotNull(status.InstanceProfileArn);
    }
}
