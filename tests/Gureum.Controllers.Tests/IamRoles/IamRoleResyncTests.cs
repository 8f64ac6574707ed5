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
    public async Task Resync_passes_read_the_role_and_its_policies_but_not_the_instance_profile_and_correct_policy_drift()
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

        // About three resync passes of four roles: the role and its policies each (one inline policy), and no
        // instance profile (the fixture puts every full read out of reach). A pass in flight at either edge of the
        // window may count some of its calls only.
        var roles = during.GetValueOrDefault("GetRole");
        Assert.InRange(roles, 1, 5 * Count);
        foreach (var policyCall in new[] { "ListRolePolicies", "GetRolePolicy", "ListAttachedRolePolicies" })
            Assert.InRange(during.GetValueOrDefault(policyCall), roles - Count, roles + Count);
        Assert.Equal(["GetRole", "GetRolePolicy", "ListAttachedRolePolicies", "ListRolePolicies"],
            during.Where(c => c.Value > 0).Select(c => c.Key).Order(StringComparer.Ordinal).ToList());

        // What grants access is put back by resync passes alone: a detached managed policy and a widened inline one.
        var roleName = $"{ControllerFixture.Namespace}-{names[0]}";
        await env.Aws.Iam.DetachRolePolicyAsync(roleName, SsmCore, CancellationToken.None);
        await env.Aws.Iam.PutRolePolicyAsync(roleName, "read", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", CancellationToken.None);
        await Eventually.True(async () => (await env.Aws.Iam.ListAttachedRolePoliciesAsync(roleName, CancellationToken.None)).Any(p => p.PolicyArn == SsmCore),
            "the managed policy is attached again");
        await Eventually.True(async () => !(await env.Aws.Iam.GetRolePolicyAsync(roleName, "read", CancellationToken.None)).PolicyDocument.Contains("s3:*", StringComparison.Ordinal),
            "the inline policy is narrowed again");

        // So is a difference the role itself shows (its description).
        await env.Aws.Iam.UpdateRoleAsync(roleName, "changed out of band", null, CancellationToken.None);
        await Eventually.True(async () => (await env.Aws.Iam.GetRoleAsync(roleName, CancellationToken.None)).Description != "changed out of band",
            "the description is set back");
        var status = (await env.GetAsync<ApiRole>(names[0]))!.Status!;
        Assert.NotNull(status.InstanceProfileArn);
    }
}
