using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Iam;
using Gureum.Controllers.Tests.Support;
using Xunit;
using ApiRole = Gureum.Api.V1Alpha1.IamRole;

namespace Gureum.Controllers.Tests.IamRoles;

/// <summary>IamRole against the IAM emulator over HTTP, through the runtime and the sandbox.</summary>
public sealed class IamRoleControllerTests(ControllerFixture env) : IClassFixture<ControllerFixture>
{
    private const string SsmCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    private const string S3ReadOnly = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

    private IIamClient Iam => env.Aws.Iam;

    private static string RoleName(string name) => $"{ControllerFixture.Namespace}-{name}";

    private Task<ApiRole> WaitForAsync(string name, string type, ConditionStatus status, string? reason = null) =>
        env.WaitForAsync<ApiRole, IamRoleSpec, IamRoleStatus>(name, type, status, reason);

    private Task<ApiRole> WaitReadyAsync(string name) => WaitForAsync(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);

    private async Task<IReadOnlyList<string>> InlineAsync(string name) => await Iam.ListRolePoliciesAsync(RoleName(name), CancellationToken.None);

    private async Task<IReadOnlyList<string>> AttachedAsync(string name) =>
        (await Iam.ListAttachedRolePoliciesAsync(RoleName(name), CancellationToken.None)).Select(p => p.PolicyArn).Order().ToList();

    [Fact]
    public async Task A_role_with_trust_policies_profile_and_tags_becomes_Ready()
    {
        var name = env.UniqueName("web");
        await env.CreateAsync(TestObjects.IamRole(name).WithManagedPolicies(SsmCore).WithInlinePolicy("read", "s3:GetObject")
            .WithInstanceProfile().WithTags(("team", "web")).Build());

        var ready = await WaitReadyAsync(name);

        var role = await Iam.GetRoleAsync(RoleName(name), CancellationToken.None);
        Assert.Equal(role.Arn, ready.Status!.Arn);
        Assert.Equal(role.RoleId, ready.Status.RoleId);
        Assert.StartsWith("AROA", role.RoleId, StringComparison.Ordinal);
        Assert.Contains("ec2.amazonaws.com", role.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Contains(role.Tags, t => t.Key == TagKeys.Owner && t.Value == $"default/IamRole/{name}");
        Assert.Contains(role.Tags, t => t.Key == "team" && t.Value == "web");
        Assert.Equal([SsmCore], await AttachedAsync(name));
        Assert.Equal(["read"], await InlineAsync(name));
        var profile = await Iam.GetInstanceProfileAsync(RoleName(name), CancellationToken.None);
        Assert.Equal(RoleName(name), Assert.Single(profile.Roles).RoleName);
        Assert.Equal(profile.Arn, ready.Status.InstanceProfileArn);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "Created");
    }

    [Fact]
    public async Task Out_of_band_changes_are_corrected_and_reported_as_drift()
    {
        var name = env.UniqueName("drift");
        await env.CreateAsync(TestObjects.IamRole(name).WithManagedPolicies(SsmCore).WithInlinePolicy("read", "s3:GetObject").Build());
        await WaitReadyAsync(name);

        await Iam.DetachRolePolicyAsync(RoleName(name), SsmCore, CancellationToken.None);
        await Iam.PutRolePolicyAsync(RoleName(name), "read", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", CancellationToken.None);
        await Iam.PutRolePolicyAsync(RoleName(name), "extra", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}""", CancellationToken.None);

        await Eventually.True(async () => (await AttachedAsync(name)).SequenceEqual([SsmCore]), "the managed policy is attached again");
        await Eventually.True(async () => (await InlineAsync(name)).SequenceEqual(["read"]), "the extra inline policy is removed");
        await Eventually.True(async () => (await Iam.GetRolePolicyAsync(RoleName(name), "read", CancellationToken.None)).PolicyDocument.Contains("s3:GetObject", StringComparison.Ordinal),
            "the widened inline policy is restored");
        var events = await env.EventsOfAsync(name);
        Assert.Contains(events, e => e.Reason == "DriftDetected" && e.Message.Contains("spec.inlinePolicies[extra]", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Reason == "DriftCorrected");
        await WaitReadyAsync(name);
    }

    [Fact]
    public async Task A_spec_edit_is_an_update_not_drift()
    {
        var name = env.UniqueName("edit");
        await env.CreateAsync(TestObjects.IamRole(name).WithManagedPolicies(SsmCore).Build());
        await WaitReadyAsync(name);

        await env.PatchAsync<ApiRole>(name, "{\"spec\":{\"managedPolicyArns\":[\"" + SsmCore + "\",\"" + S3ReadOnly + "\"],\"description\":\"edited\"}}");

        await Eventually.True(async () => (await AttachedAsync(name)).Count == 2, "the second policy is attached");
        var ready = await WaitReadyAsync(name);
        Assert.Equal(ready.Metadata.Generation, ready.Status!.SyncedGeneration);
        Assert.Equal("edited", (await Iam.GetRoleAsync(RoleName(name), CancellationToken.None)).Description);
        var events = await env.EventsOfAsync(name);
        Assert.Contains(events, e => e.Reason == "Updated");
        Assert.DoesNotContain(events, e => e.Reason is "DriftDetected" or "DriftCorrected");
    }

    [Fact]
    public async Task An_untagged_existing_role_is_left_alone_until_adopted()
    {
        var name = env.UniqueName("theirs");
        await Iam.CreateRoleAsync(new CreateRoleRequest(RoleName(name), DesiredTrust) { Description = "made by hand" }, CancellationToken.None);

        await env.CreateAsync(TestObjects.IamRole(name).WithManagedPolicies(SsmCore).Build());
        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.NotOwned);

        Assert.Contains(Annotations.Adopt, ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message, StringComparison.Ordinal);
        Assert.Empty(await AttachedAsync(name));
        Assert.DoesNotContain((await Iam.GetRoleAsync(RoleName(name), CancellationToken.None)).Tags, t => t.Key == TagKeys.Owner);

        await env.PatchAsync<ApiRole>(name, Annotate(Annotations.Adopt, "true"));
        await WaitReadyAsync(name);
        Assert.Equal([SsmCore], await AttachedAsync(name));
        Assert.Contains((await Iam.GetRoleAsync(RoleName(name), CancellationToken.None)).Tags, t => t.Key == TagKeys.Owner);
        Assert.Contains(await env.EventsOfAsync(name), e => e.Reason == "Adopted");
    }

    [Fact]
    public async Task An_unmanaged_instance_profile_of_the_name_stalls_NotOwned_before_any_write_until_adopted()
    {
        var name = env.UniqueName("profiled");
        await Iam.CreateInstanceProfileAsync(RoleName(name), "/", [], CancellationToken.None);
        await env.CreateAsync(TestObjects.IamRole(name).WithInstanceProfile().Build());

        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.NotOwned);

        Assert.Contains("instance profile", ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message, StringComparison.Ordinal);
        Assert.Null(await Iam.FindRoleAsync(RoleName(name), CancellationToken.None));
        Assert.Empty((await Iam.GetInstanceProfileAsync(RoleName(name), CancellationToken.None)).Tags);

        await env.PatchAsync<ApiRole>(name, Annotate(Annotations.Adopt, "true"));
        await WaitReadyAsync(name);
        var profile = await Iam.GetInstanceProfileAsync(RoleName(name), CancellationToken.None);
        Assert.Equal(RoleName(name), Assert.Single(profile.Roles).RoleName);
        Assert.Contains(profile.Tags, t => t.Key == TagKeys.Owner && t.Value == $"default/IamRole/{name}");
    }

    [Fact]
    public async Task A_role_owned_by_another_object_is_never_touched()
    {
        var name = env.UniqueName("other");
        await Iam.CreateRoleAsync(new CreateRoleRequest(RoleName(name), DesiredTrust)
        {
            Tags = [new IamTag(TagKeys.Cluster, "another-cluster"), new IamTag(TagKeys.Owner, "prod/IamRole/x")],
        }, CancellationToken.None);

        await env.CreateAsync(TestObjects.IamRole(name).WithManagedPolicies(SsmCore).Adopting().Build());
        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.NotOwned);

        Assert.Contains("prod/IamRole/x in cluster another-cluster", ControllerFixture.ConditionOf(stalled, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Empty(await AttachedAsync(name));
        await env.DeleteAsync<ApiRole>(name);
        await Eventually.True(async () => await env.GetAsync<ApiRole>(name) is null, "the object is gone");
        Assert.NotNull(await Iam.FindRoleAsync(RoleName(name), CancellationToken.None));
    }

    [Fact]
    public async Task A_wildcard_trust_is_refused_before_any_IAM_call()
    {
        var name = env.UniqueName("wild");
        await env.CreateAsync(TestObjects.IamRole(name)
            .TrustingPolicy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""").Build());
        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);

        Assert.Contains("spec.assumeRolePolicy", ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message, StringComparison.Ordinal);
        // Other objects' passes share the emulator, so no global request count: IAM was never read for this one.
        Assert.Null(stalled.Status!.LastSyncedTime);
        Assert.Null(stalled.Status.Arn);
        Assert.Null(await Iam.FindRoleAsync(RoleName(name), CancellationToken.None));
    }

    [Fact]
    public async Task A_changed_path_is_refused_naming_the_field_never_recreated()
    {
        var name = env.UniqueName("path");
        await env.CreateAsync(TestObjects.IamRole(name).WithPath("/apps/").Build());
        var before = await WaitReadyAsync(name);

        await env.PatchAsync<ApiRole>(name, """{"spec":{"path":"/other/"}}""");
        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);

        Assert.Contains("spec.path", ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message, StringComparison.Ordinal);
        var role = await Iam.GetRoleAsync(RoleName(name), CancellationToken.None);
        Assert.Equal(("/apps/", before.Status!.RoleId), (role.Path, role.RoleId));
    }

    [Fact]
    public async Task A_changed_roleName_is_refused_and_deletion_still_removes_the_role_it_named()
    {
        var name = env.UniqueName("renamed");
        var first = $"{name}-first";
        var second = $"{name}-second";
        await env.CreateAsync(TestObjects.IamRole(name).WithSpec(spec => spec with { RoleName = first }).WithInstanceProfile().Build());
        var before = await WaitReadyAsync(name);

        await env.PatchAsync<ApiRole>(name, $$$"""{"spec":{"roleName":"{{{second}}}"}}""");
        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);

        Assert.Contains("spec.roleName", ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message, StringComparison.Ordinal);
        Assert.Null(await Iam.FindRoleAsync(second, CancellationToken.None));
        Assert.Equal(before.Status!.RoleId, (await Iam.GetRoleAsync(first, CancellationToken.None)).RoleId);

        await env.DeleteAsync<ApiRole>(name);
        await Eventually.True(async () => await env.GetAsync<ApiRole>(name) is null, "the object is gone");
        Assert.Null(await Iam.FindRoleAsync(first, CancellationToken.None));
        Assert.Null(await Iam.FindInstanceProfileAsync(first, CancellationToken.None));
        Assert.Null(await Iam.FindRoleAsync(second, CancellationToken.None));
    }

    [Fact]
    public async Task Deletion_removes_profile_policies_and_role_and_Retain_keeps_them()
    {
        var gone = env.UniqueName("gone");
        var kept = env.UniqueName("kept");
        await env.CreateAsync(TestObjects.IamRole(gone).WithManagedPolicies(SsmCore).WithInlinePolicy("read", "s3:GetObject").WithInstanceProfile().Build());
        await env.CreateAsync(TestObjects.IamRole(kept).WithInstanceProfile().Retained().Build());
        await WaitReadyAsync(gone);
        await WaitReadyAsync(kept);

        await env.DeleteAsync<ApiRole>(gone);
        await env.DeleteAsync<ApiRole>(kept);
        await Eventually.True(async () => await env.GetAsync<ApiRole>(gone) is null && await env.GetAsync<ApiRole>(kept) is null, "both objects are gone");

        Assert.Null(await Iam.FindRoleAsync(RoleName(gone), CancellationToken.None));
        Assert.Null(await Iam.FindInstanceProfileAsync(RoleName(gone), CancellationToken.None));
        Assert.NotNull(await Iam.FindRoleAsync(RoleName(kept), CancellationToken.None));
        Assert.NotNull(await Iam.FindInstanceProfileAsync(RoleName(kept), CancellationToken.None));
    }

    [Fact]
    public async Task A_role_whose_spec_was_made_invalid_is_still_deleted_with_its_object()
    {
        var name = env.UniqueName("invalidated");
        await env.CreateAsync(TestObjects.IamRole(name).WithInstanceProfile().Build());
        await WaitReadyAsync(name);

        await env.PatchAsync<ApiRole>(name, """{"spec":{"tags":{"aws:reserved":"x"}}}""");
        await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);
        await env.DeleteAsync<ApiRole>(name);

        await Eventually.True(async () => await env.GetAsync<ApiRole>(name) is null, "the object is gone");
        Assert.Null(await Iam.FindRoleAsync(RoleName(name), CancellationToken.None));
        Assert.Null(await Iam.FindInstanceProfileAsync(RoleName(name), CancellationToken.None));
    }

    [Fact]
    public async Task ObserveOnly_Report_and_paused_write_nothing()
    {
        var observed = env.UniqueName("observed");
        var reported = env.UniqueName("reported");
        var paused = env.UniqueName("paused");
        await env.CreateAsync(TestObjects.IamRole(observed).ObserveOnly().Build());
        await env.CreateAsync(TestObjects.IamRole(reported).WithManagedPolicies(SsmCore).ReportingDrift().Build());
        await env.CreateAsync(TestObjects.IamRole(paused).Paused().Build());

        await WaitForAsync(observed, ConditionTypes.Ready, ConditionStatus.False, ConditionReasons.NotFound);
        await WaitForAsync(paused, ConditionTypes.Ready, ConditionStatus.False, ConditionReasons.Paused);
        await WaitReadyAsync(reported);
        Assert.Null(await Iam.FindRoleAsync(RoleName(observed), CancellationToken.None));
        Assert.Null(await Iam.FindRoleAsync(RoleName(paused), CancellationToken.None));

        await Iam.DetachRolePolicyAsync(RoleName(reported), SsmCore, CancellationToken.None);
        var drifted = await WaitForAsync(reported, ConditionTypes.Drifted, ConditionStatus.True);
        Assert.Contains(drifted.Status!.Drift!, d => d.Path == $"spec.managedPolicyArns[{SsmCore}]");
        Assert.Empty(await AttachedAsync(reported));

        await env.PatchAsync<ApiRole>(reported, Annotate(Annotations.ReconcileRequestedAt, "1"));
        await Eventually.True(async () => (await AttachedAsync(reported)).Count == 1, "the requested reconcile corrects it");
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_writes_nothing()
    {
        var name = env.UniqueName("bad");
        await env.CreateAsync(TestObjects.IamRole(name)
            .WithManagedPolicies([.. Enumerable.Range(0, 11).Select(i => $"arn:aws:iam::aws:policy/P{i}")])
            .WithTags(("aws:reserved", "x")).Build());

        var stalled = await WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);

        var message = ControllerFixture.ConditionOf(stalled, ConditionTypes.Stalled)!.Message!;
        Assert.Contains("spec.managedPolicyArns", message, StringComparison.Ordinal);
        Assert.Contains("spec.tags[aws:reserved]", message, StringComparison.Ordinal);
        Assert.Null(stalled.Status!.LastSyncedTime);
        Assert.Null(await Iam.FindRoleAsync(RoleName(name), CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_managed_policy_is_an_AWS_error_in_status()
    {
        var name = env.UniqueName("unknown");
        await env.CreateAsync(TestObjects.IamRole(name).WithManagedPolicies("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere").Build());

        var failing = await Eventually.Value(() => env.GetAsync<ApiRole>(name),
            r => r?.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Message?.Contains("NoSuchPolicyAnywhere", StringComparison.Ordinal) == true) == true,
            "the refusal shows in status");
        Assert.Equal(ConditionStatus.False, ControllerFixture.ConditionOf(failing, ConditionTypes.Ready)!.Status);
    }

    private static string Annotate(string key, string value) => "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}";

    private const string DesiredTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
}
