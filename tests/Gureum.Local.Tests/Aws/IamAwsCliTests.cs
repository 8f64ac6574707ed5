using System.Text.Json;
using Gureum.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The emulator's IAM driven by the AWS CLI (botocore's IAM model and parsers), as users will.</summary>
public sealed class IamAwsCliTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private readonly AwsCli _aws = new(fixture.Emulator);

    [Fact]
    public async Task A_role_is_created_read_and_refused_deletion_while_a_policy_is_attached()
    {
        var created = await _aws.RunAsync("iam", "create-role", "--role-name", "cli-web", "--path", "/gureum/",
            "--assume-role-policy-document", Trust, "--description", "from the CLI", "--tags", "Key=team,Value=web");
        var read = await _aws.RunAsync("iam", "get-role", "--role-name", "cli-web");
        var attached = await _aws.RunAsync("iam", "attach-role-policy", "--role-name", "cli-web",
            "--policy-arn", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        var refused = await _aws.RunAsync("iam", "delete-role", "--role-name", "cli-web");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(read.ExitCode == 0, read.ToString());
        var role = JsonDocument.Parse(read.StdOut).RootElement.GetProperty("Role");
        Assert.Equal("cli-web", role.GetProperty("RoleName").GetString());
        Assert.Equal("arn:aws:iam::000000000000:role/gureum/cli-web", role.GetProperty("Arn").GetString());
        Assert.Matches("^AROA[A-Z0-9]{17}$", role.GetProperty("RoleId").GetString());
        Assert.Equal("from the CLI", role.GetProperty("Description").GetString());
        Assert.Equal(3600, role.GetProperty("MaxSessionDuration").GetInt32());
        // botocore decodes IAM's URL-encoded documents into JSON: proof they were encoded as IAM does.
        Assert.Equal("ec2.amazonaws.com", role.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0]
            .GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("web", role.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must detach all policies first.",
            refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_authorization_details_list_roles_with_policies_profiles_and_tags_across_pages()
    {
        await _aws.RunAsync("iam", "create-role", "--role-name", "cli-details", "--path", "/cli-details/", "--assume-role-policy-document", Trust,
            "--tags", "Key=team,Value=web");
        await _aws.RunAsync("iam", "put-role-policy", "--role-name", "cli-details", "--policy-name", "read",
            "--policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");
        await _aws.RunAsync("iam", "attach-role-policy", "--role-name", "cli-details", "--policy-arn", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        await _aws.RunAsync("iam", "create-instance-profile", "--instance-profile-name", "cli-details");
        await _aws.RunAsync("iam", "add-role-to-instance-profile", "--instance-profile-name", "cli-details", "--role-name", "cli-details");
        await _aws.RunAsync("iam", "create-role", "--role-name", "cli-details-2", "--assume-role-policy-document", Trust);

        // --page-size 1: the CLI follows IsTruncated and Marker through a page per role.
        var details = await _aws.RunAsync("iam", "get-account-authorization-details", "--filter", "Role", "--page-size", "1");
        var refused = await _aws.RunAsync("iam", "get-account-authorization-details", "--filter", "Robot");

        Assert.True(details.ExitCode == 0, details.ToString());
        var roles = JsonDocument.Parse(details.StdOut).RootElement.GetProperty("RoleDetailList").EnumerateArray().ToList();
        Assert.Contains(roles, r => r.GetProperty("RoleName").GetString() == "cli-details-2");
        var role = roles.Single(r => r.GetProperty("RoleName").GetString() == "cli-details");
        Assert.Equal("/cli-details/", role.GetProperty("Path").GetString());
        Assert.Equal("ec2.amazonaws.com", role.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0]
            .GetProperty("Principal").GetProperty("Service").GetString());
        var inline = Assert.Single(role.GetProperty("RolePolicyList").EnumerateArray());
        Assert.Equal("read", inline.GetProperty("PolicyName").GetString());
        Assert.Equal("s3:GetObject", inline.GetProperty("PolicyDocument").GetProperty("Statement")[0].GetProperty("Action").GetString());
        Assert.Equal("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            Assert.Single(role.GetProperty("AttachedManagedPolicies").EnumerateArray()).GetProperty("PolicyArn").GetString());
        Assert.Equal("cli-details", Assert.Single(role.GetProperty("InstanceProfileList").EnumerateArray()).GetProperty("InstanceProfileName").GetString());
        Assert.Equal("web", role.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Robot", refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_and_instance_profiles_are_listed_by_path_prefix_across_pages()
    {
        foreach (var name in new[] { "cli-list-a", "cli-list-b", "cli-list-c" })
        {
            await _aws.RunAsync("iam", "create-role", "--role-name", name, "--path", "/cli-list/", "--assume-role-policy-document", Trust,
                "--tags", "Key=team,Value=web");
            await _aws.RunAsync("iam", "create-instance-profile", "--instance-profile-name", name, "--path", "/cli-list/");
        }
        await _aws.RunAsync("iam", "create-role", "--role-name", "cli-list-elsewhere", "--assume-role-policy-document", Trust);

        // --page-size 2: the CLI follows IsTruncated and Marker through two pages.
        var roles = await _aws.RunAsync("iam", "list-roles", "--path-prefix", "/cli-list/", "--page-size", "2");
        var profiles = await _aws.RunAsync("iam", "list-instance-profiles", "--path-prefix", "/cli-list/", "--page-size", "2");

        Assert.True(roles.ExitCode == 0, roles.ToString());
        var listed = JsonDocument.Parse(roles.StdOut).RootElement.GetProperty("Roles").EnumerateArray().ToList();
        Assert.Equal(["cli-list-a", "cli-list-b", "cli-list-c"], listed.Select(r => r.GetProperty("RoleName").GetString()));
        Assert.All(listed, role => Assert.False(role.TryGetProperty("Tags", out _)));
        Assert.True(profiles.ExitCode == 0, profiles.ToString());
        Assert.Equal(["cli-list-a", "cli-list-b", "cli-list-c"], JsonDocument.Parse(profiles.StdOut).RootElement
            .GetProperty("InstanceProfiles").EnumerateArray().Select(p => p.GetProperty("InstanceProfileName").GetString()));
    }

    [Fact]
    public async Task Errors_reach_the_cli_with_IAMs_codes()
    {
        var missing = await _aws.RunAsync("iam", "get-role", "--role-name", "cli-nobody");
        await _aws.RunAsync("iam", "create-role", "--role-name", "cli-twice", "--assume-role-policy-document", Trust);
        var twice = await _aws.RunAsync("iam", "create-role", "--role-name", "cli-twice", "--assume-role-policy-document", Trust);
        var malformed = await _aws.RunAsync("iam", "put-role-policy", "--role-name", "cli-twice", "--policy-name", "p",
            "--policy-document", """{"Version":"2012-10-17","Statement":[{"Action":"s3:GetObject","Resource":"*"}]}""");
        var unknownPolicy = await _aws.RunAsync("iam", "attach-role-policy", "--role-name", "cli-twice",
            "--policy-arn", "arn:aws:iam::aws:policy/NoSuchPolicyAtAll");

        Assert.Contains("(NoSuchEntity) when calling the GetRole operation: The role with name cli-nobody cannot be found.", missing.StdErr, StringComparison.Ordinal);
        Assert.Contains("(EntityAlreadyExists) when calling the CreateRole operation: Role with name cli-twice already exists.", twice.StdErr, StringComparison.Ordinal);
        Assert.Contains("(MalformedPolicyDocument) when calling the PutRolePolicy operation: Missing required field Effect", malformed.StdErr, StringComparison.Ordinal);
        Assert.Contains("(NoSuchEntity) when calling the AttachRolePolicy operation", unknownPolicy.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inline_policies_and_instance_profiles_read_back_through_the_cli()
    {
        const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::bucket/a b+c"}]}""";
        await _aws.RunAsync("iam", "create-role", "--role-name", "cli-profiled", "--assume-role-policy-document", Trust);
        var put = await _aws.RunAsync("iam", "put-role-policy", "--role-name", "cli-profiled", "--policy-name", "read", "--policy-document", Policy);
        var policy = await _aws.RunAsync("iam", "get-role-policy", "--role-name", "cli-profiled", "--policy-name", "read");
        await _aws.RunAsync("iam", "create-instance-profile", "--instance-profile-name", "cli-profiled");
        var added = await _aws.RunAsync("iam", "add-role-to-instance-profile", "--instance-profile-name", "cli-profiled", "--role-name", "cli-profiled");
        var second = await _aws.RunAsync("iam", "add-role-to-instance-profile", "--instance-profile-name", "cli-profiled", "--role-name", "cli-profiled");
        var profile = await _aws.RunAsync("iam", "get-instance-profile", "--instance-profile-name", "cli-profiled");
        var deleteProfile = await _aws.RunAsync("iam", "delete-instance-profile", "--instance-profile-name", "cli-profiled");

        Assert.True(put.ExitCode == 0, put.ToString());
        var document = JsonDocument.Parse(policy.StdOut).RootElement.GetProperty("PolicyDocument");
        Assert.Equal("arn:aws:s3:::bucket/a b+c", document.GetProperty("Statement")[0].GetProperty("Resource").GetString());
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("(LimitExceeded) when calling the AddRoleToInstanceProfile operation", second.StdErr, StringComparison.Ordinal);
        var read = JsonDocument.Parse(profile.StdOut).RootElement.GetProperty("InstanceProfile");
        Assert.Matches("^AIPA[A-Z0-9]{17}$", read.GetProperty("InstanceProfileId").GetString());
        Assert.Equal("arn:aws:iam::000000000000:instance-profile/cli-profiled", read.GetProperty("Arn").GetString());
        Assert.Equal("cli-profiled", read.GetProperty("Roles")[0].GetProperty("RoleName").GetString());
        Assert.Contains("(DeleteConflict) when calling the DeleteInstanceProfile operation", deleteProfile.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_pages_through_listings_with_Marker_and_IsTruncated()
    {
        await _aws.RunAsync("iam", "create-role", "--role-name", "cli-paged", "--assume-role-policy-document", Trust,
            "--tags", "Key=a,Value=1", "Key=b,Value=2", "Key=c,Value=3");
        foreach (var policy in new[] { "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "ReadOnlyAccess" })
            await _aws.RunAsync("iam", "attach-role-policy", "--role-name", "cli-paged", "--policy-arn", "arn:aws:iam::aws:policy/" + policy);

        // --page-size 1: botocore's paginator follows IsTruncated/Marker one item at a time and merges the pages.
        var attached = await _aws.RunAsync("iam", "list-attached-role-policies", "--role-name", "cli-paged", "--page-size", "1");
        var tags = await _aws.RunAsync("iam", "list-role-tags", "--role-name", "cli-paged", "--page-size", "2");

        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.Equal(["AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "ReadOnlyAccess"],
            JsonDocument.Parse(attached.StdOut).RootElement.GetProperty("AttachedPolicies").EnumerateArray().Select(p => p.GetProperty("PolicyName").GetString()));
        Assert.Equal(["a", "b", "c"],
            JsonDocument.Parse(tags.StdOut).RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetProperty("Key").GetString()));
    }
}
