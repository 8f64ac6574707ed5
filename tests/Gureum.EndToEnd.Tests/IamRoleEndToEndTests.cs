using System.Text.Json.Nodes;
using Gureum.Api;
using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// Issue 7 end to end: IamRoles applied with kubectl into the emulator's IAM, checked and changed out
/// of band with the AWS CLI. One <c>gureum local</c> (drift interval 3s) for the class; every test
/// uses its own role names, so none depends on another.
/// </summary>
public sealed class IamRoleEndToEndTests(GureumLocalFixture local) : IClassFixture<GureumLocalFixture>
{
    /// <summary>Bounds a failing wait for drift handling: many drift intervals, never a sleep.</summary>
    private static readonly TimeSpan DriftDeadline = TimeSpan.FromSeconds(30);

    private readonly Kubectl _kubectl = local.Kubectl();
    private readonly IamReader _iam = IamReader.FromEnvFile(local.Process.AwsEnvPath);

    private Task WaitReadyAsync(string name) =>
        _kubectl.RunAsync("wait", "--for=condition=Ready", $"iamrole/{name}", "--timeout=60s").OkAsync();

    private Task<string> JsonPathAsync(string name, string path) =>
        _kubectl.RunAsync("get", "iamrole", name, "-o", $"jsonpath={path}").OkAsync();

    /// <summary>"status reason: message" of one condition.</summary>
    private Task<string> ConditionAsync(string name, string type) =>
        JsonPathAsync(name, $"{{.status.conditions[?(@.type==\"{type}\")].status}} {{.status.conditions[?(@.type==\"{type}\")].reason}}: {{.status.conditions[?(@.type==\"{type}\")].message}}");

    private Task<string> WaitConditionAsync(string name, string type, string statusAndReason) =>
        Eventually.MatchAsync(() => ConditionAsync(name, type), text => text.StartsWith(statusAndReason + ":", StringComparison.Ordinal),
            $"iamrole/{name} {type} is {statusAndReason}");

    /// <summary>Waits until a pass after this moment has read IAM: a later lastSyncedTime (whole seconds).</summary>
    private async Task WaitForAnotherPassAsync(string name)
    {
        var before = await JsonPathAsync(name, "{.status.lastSyncedTime}");
        await Eventually.MatchAsync(() => JsonPathAsync(name, "{.status.lastSyncedTime}"),
            seen => string.CompareOrdinal(seen, before) > 0, $"iamrole/{name} read IAM again", DriftDeadline);
    }

    /// <summary>
    /// Asks for a pass now, as a user does (the reconcile-requested-at annotation), and waits until one
    /// handled it: a NotOwned object is otherwise only looked at again after ten drift intervals.
    /// </summary>
    private async Task RequestPassAsync(string name)
    {
        var request = Guid.NewGuid().ToString("N");
        await _kubectl.RunAsync("annotate", "--overwrite", "iamrole", name, $"{Annotations.ReconcileRequestedAt}={request}").OkAsync();
        await Eventually.MatchAsync(() => JsonPathAsync(name, "{.status.lastHandledReconcileAt}"), handled => handled == request,
            $"iamrole/{name} handled the requested pass", DriftDeadline);
    }

    private async Task<string> EventReasonsAsync(string name) =>
        await _kubectl.RunAsync("get", "events", "--field-selector", $"involvedObject.kind=IamRole,involvedObject.name={name}",
            "-o", "jsonpath={.items[*].reason}").OkAsync();

    private static string ReadAssetsActions(JsonNode document) =>
        string.Join(",", document["Statement"]!.AsArray().SelectMany(s => s!["Action"] is JsonArray many ? many.Select(a => (string)a!) : [(string)s!["Action"]!]));

    /// <summary>A role made by hand, as someone did before Gureum: EC2 trust, one tag, one inline policy.</summary>
    private async Task<JsonNode> CreateByHandAsync(string roleName)
    {
        var created = await _iam.OkAsync("create-role", "--role-name", roleName, "--assume-role-policy-document", IamRoleManifests.Ec2Trust,
            "--tags", "Key=team,Value=theirs");
        await _iam.OkAsync("put-role-policy", "--role-name", roleName, "--policy-name", "theirs", "--policy-document", IamRoleManifests.Widened);
        return created!["Role"]!;
    }

    private async Task AssertUntouchedByHandAsync(string roleName)
    {
        var role = await _iam.RoleAsync(roleName);
        Assert.NotNull(role);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "theirs" }, IamReader.Tags(role));
        Assert.Equal(["theirs"], await _iam.InlinePolicyNamesAsync(roleName));
        Assert.Empty(await _iam.AttachedPolicyArnsAsync(roleName));
        Assert.Null(await _iam.InstanceProfileAsync(roleName));
    }

    [Fact]
    public async Task The_sample_role_becomes_Ready_with_trust_policies_instance_profile_and_tags()
    {
        await _kubectl.RunAsync("apply", "-f", RepoRoot.Combine("deploy", "samples", "iamrole.yaml")).OkAsync();
        await WaitReadyAsync("web");

        var role = await _iam.RoleAsync("default-web");
        Assert.NotNull(role);
        var trust = IamReader.Document(role["AssumeRolePolicyDocument"]!).ToJsonString();
        Assert.Contains("ec2.amazonaws.com", trust, StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole", trust, StringComparison.Ordinal);
        Assert.Equal("Instances of the web tier", (string?)role["Description"]);
        var tags = IamReader.Tags(role);
        Assert.Equal("web", tags["team"]);
        Assert.Contains("gureum.dev/owner", tags.Keys);
        Assert.Contains("gureum.dev/cluster", tags.Keys);
        Assert.Equal([IamReader.SsmCore], await _iam.AttachedPolicyArnsAsync("default-web"));
        Assert.Equal(["read-assets"], await _iam.InlinePolicyNamesAsync("default-web"));
        Assert.Equal("s3:GetObject", ReadAssetsActions(await _iam.InlinePolicyAsync("default-web", "read-assets")));
        var profile = await _iam.InstanceProfileAsync("default-web");
        Assert.NotNull(profile);
        Assert.Equal(["default-web"], profile["Roles"]!.AsArray().Select(r => (string)r!["RoleName"]!));

        Assert.Equal((string)role["Arn"]!, await JsonPathAsync("web", "{.status.arn}"));
        Assert.Equal((string)role["RoleId"]!, await JsonPathAsync("web", "{.status.roleId}"));
        Assert.Equal((string)profile["Arn"]!, await JsonPathAsync("web", "{.status.instanceProfileArn}"));
    }

    [Fact]
    public async Task Detached_widened_and_extra_policies_are_each_corrected_within_the_drift_interval()
    {
        await _kubectl.ApplyAsync(IamRoleManifests.Role("drifty")).OkAsync();
        await WaitReadyAsync("drifty");
        const string role = "default-drifty";

        await _iam.OkAsync("detach-role-policy", "--role-name", role, "--policy-arn", IamReader.SsmCore);
        await Eventually.MatchAsync(() => _iam.AttachedPolicyArnsAsync(role), arns => arns.SequenceEqual([IamReader.SsmCore]),
            "the detached managed policy attached again", DriftDeadline);

        await _iam.OkAsync("put-role-policy", "--role-name", role, "--policy-name", "read-assets", "--policy-document", IamRoleManifests.Widened);
        await Eventually.MatchAsync(async () => ReadAssetsActions(await _iam.InlinePolicyAsync(role, "read-assets")), actions => actions == "s3:GetObject",
            "the widened inline policy restored", DriftDeadline);

        await _iam.OkAsync("put-role-policy", "--role-name", role, "--policy-name", "extra", "--policy-document", IamRoleManifests.Widened);
        await Eventually.MatchAsync(() => _iam.InlinePolicyNamesAsync(role), names => names.SequenceEqual(["read-assets"]),
            "the extra inline policy removed", DriftDeadline);

        await Eventually.MatchAsync(() => EventReasonsAsync("drifty"), reasons => reasons.Contains("DriftCorrected", StringComparison.Ordinal),
            "a DriftCorrected Event");
        await WaitReadyAsync("drifty");
    }

    [Fact]
    public async Task An_existing_untagged_role_stays_untouched_and_the_object_is_Stalled_NotOwned()
    {
        await CreateByHandAsync("default-handmade");

        await _kubectl.ApplyAsync(IamRoleManifests.Role("handmade")).OkAsync();

        var stalled = await WaitConditionAsync("handmade", "Stalled", "True NotOwned");
        Assert.Contains("default-handmade", stalled, StringComparison.Ordinal);
        await RequestPassAsync("handmade");
        Assert.StartsWith("True NotOwned:", await ConditionAsync("handmade", "Stalled"), StringComparison.Ordinal);
        await AssertUntouchedByHandAsync("default-handmade");

        // Deleting the object does not delete what it never owned.
        await _kubectl.RunAsync("delete", "iamrole", "handmade", "--timeout=60s").OkAsync();
        await AssertUntouchedByHandAsync("default-handmade");
    }

    [Fact]
    public async Task A_wildcard_trust_is_refused_naming_the_field_and_no_role_is_made()
    {
        await _kubectl.ApplyAsync(IamRoleManifests.WildcardTrust("open-door")).OkAsync();

        var stalled = await WaitConditionAsync("open-door", "Stalled", "True InvalidSpec");
        Assert.Contains("spec.assumeRolePolicy", stalled, StringComparison.Ordinal);
        Assert.Null(await _iam.RoleAsync("default-open-door"));
        Assert.DoesNotContain("default-open-door", await _iam.RoleNamesAsync());
    }

    [Fact]
    public async Task Delete_removes_role_and_instance_profile_and_Retain_keeps_both()
    {
        await _kubectl.ApplyAsync(IamRoleManifests.Role("gone")).OkAsync();
        await _kubectl.ApplyAsync(IamRoleManifests.Role("kept", "  deletionPolicy: Retain")).OkAsync();
        await WaitReadyAsync("gone");
        await WaitReadyAsync("kept");
        Assert.NotNull(await _iam.InstanceProfileAsync("default-gone"));

        await _kubectl.RunAsync("delete", "iamrole", "gone", "kept", "--timeout=60s").OkAsync();

        Assert.Null(await _iam.RoleAsync("default-gone"));
        Assert.Null(await _iam.InstanceProfileAsync("default-gone"));
        Assert.NotNull(await _iam.RoleAsync("default-kept"));
        Assert.Equal([IamReader.SsmCore], await _iam.AttachedPolicyArnsAsync("default-kept"));
        Assert.Equal(["read-assets"], await _iam.InlinePolicyNamesAsync("default-kept"));
        var profile = await _iam.InstanceProfileAsync("default-kept");
        Assert.NotNull(profile);
        Assert.Equal(["default-kept"], profile["Roles"]!.AsArray().Select(r => (string)r!["RoleName"]!));
    }

    [Fact]
    public async Task ObserveOnly_reports_a_hand_made_role_and_writes_nothing()
    {
        var made = await CreateByHandAsync("default-watched");

        await _kubectl.ApplyAsync(IamRoleManifests.Role("watched", "  managementPolicy: ObserveOnly")).OkAsync();

        await WaitConditionAsync("watched", "Ready", "False DriftReported");
        Assert.Equal((string)made["Arn"]!, await JsonPathAsync("watched", "{.status.arn}"));
        var drift = await JsonPathAsync("watched", "{.status.drift[*].path}");
        Assert.Contains("spec.inlinePolicies[read-assets]", drift, StringComparison.Ordinal);
        Assert.Contains($"spec.managedPolicyArns[{IamReader.SsmCore}]", drift, StringComparison.Ordinal);
        await RequestPassAsync("watched");
        await AssertUntouchedByHandAsync("default-watched");

        // ObserveOnly never deletes either.
        await _kubectl.RunAsync("delete", "iamrole", "watched", "--timeout=60s").OkAsync();
        await AssertUntouchedByHandAsync("default-watched");
    }

    [Fact]
    public async Task Under_driftPolicy_Report_drift_is_reported_and_nothing_is_written()
    {
        await _kubectl.ApplyAsync(IamRoleManifests.Role("reported", "  driftPolicy: Report")).OkAsync();
        await WaitReadyAsync("reported");
        const string role = "default-reported";

        await _iam.OkAsync("put-role-policy", "--role-name", role, "--policy-name", "extra", "--policy-document", IamRoleManifests.Widened);

        await WaitConditionAsync("reported", "Drifted", "True DriftDetected");
        Assert.Contains("spec.inlinePolicies[extra]", await JsonPathAsync("reported", "{.status.drift[*].path}"), StringComparison.Ordinal);
        Assert.Contains("DriftDetected", await EventReasonsAsync("reported"), StringComparison.Ordinal);
        await WaitForAnotherPassAsync("reported");
        Assert.Equal(["extra", "read-assets"], await _iam.InlinePolicyNamesAsync(role));
        Assert.DoesNotContain("DriftCorrected", await EventReasonsAsync("reported"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_paused_nothing_is_written_and_unpausing_corrects_the_drift()
    {
        await _kubectl.ApplyAsync(IamRoleManifests.Role("frozen")).OkAsync();
        await WaitReadyAsync("frozen");
        const string role = "default-frozen";
        await _kubectl.RunAsync("annotate", "iamrole", "frozen", "gureum.dev/paused=true").OkAsync();

        await _iam.OkAsync("detach-role-policy", "--role-name", role, "--policy-arn", IamReader.SsmCore);
        // A spec edit is not applied either.
        await _kubectl.RunAsync("patch", "iamrole", "frozen", "--type=merge", "-p", """{"spec":{"tags":{"team":"changed"}}}""").OkAsync();

        await WaitConditionAsync("frozen", "Ready", "False Paused");
        await WaitForAnotherPassAsync("frozen");
        Assert.Empty(await _iam.AttachedPolicyArnsAsync(role));
        Assert.Equal("e2e", IamReader.Tags((await _iam.RoleAsync(role))!)["team"]);

        await _kubectl.RunAsync("annotate", "iamrole", "frozen", "gureum.dev/paused-").OkAsync();
        await Eventually.MatchAsync(() => _iam.AttachedPolicyArnsAsync(role), arns => arns.SequenceEqual([IamReader.SsmCore]),
            "the managed policy attached again once unpaused", DriftDeadline);
        await Eventually.MatchAsync(async () => IamReader.Tags((await _iam.RoleAsync(role))!)["team"], team => team == "changed",
            "the spec edit applied once unpaused", DriftDeadline);
    }
}
