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
    public async Task Resync_passes_read_one_shared_listing_of_roles_and_a_difference_there_brings_a_full_read()
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

        // About three resync passes of four roles: the account's role listing, shared by the passes of a wave (it is
        // reused for a quarter of the drift interval; at most one a pass), and no per-role read (the fixture puts every full read out of reach).
        Assert.Equal(["GetAccountAuthorizationDetails"], during.Where(c => c.Value > 0).Select(c => c.Key).ToList());
        Assert.InRange(during["GetAccountAuthorizationDetails"], 1, 4 * Count);

        // What grants access, changed out of band, is seen in the listing and put back by a full pass: a detached
        // managed policy and a widened inline one; and so is the instance profile losing the role.
        var roleName = $"{ControllerFixture.Namespace}-{names[0]}";
        await env.Aws.Iam.DetachRolePolicyAsync(roleName, SsmCore, CancellationToken.None);
        await env.Aws.Iam.PutRolePolicyAsync(roleName, "read", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", CancellationToken.None);
        await env.Aws.Iam.RemoveRoleFromInstanceProfileAsync(roleName, roleName, CancellationToken.None);
        await Eventually.True(async () => (await env.Aws.Iam.ListAttachedRolePoliciesAsync(roleName, CancellationToken.None)).Any(p => p.PolicyArn == SsmCore),
            "the managed policy is attached again");
        await Eventually.True(async () => !(await env.Aws.Iam.GetRolePolicyAsync(roleName, "read", CancellationToken.None)).PolicyDocument.Contains("s3:*", StringComparison.Ordinal),
            "the inline policy is narrowed again");
        await Eventually.True(async () => (await env.Aws.Iam.GetInstanceProfileAsync(roleName, CancellationToken.None)).Roles.Any(r => r.RoleName == roleName),
            "the instance profile holds the role again");
        await Eventually.True(async () => (await env.GetAsync<ApiRole>(names[0]))!.Status!.InstanceProfileArn is not null,
            "status names the instance profile again (the pass after the fix reads it)");
    }
}
