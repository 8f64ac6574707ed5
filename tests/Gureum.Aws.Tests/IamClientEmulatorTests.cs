using System.Net;
using Gureum.Aws.Errors;
using Gureum.Aws.Iam;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

/// <summary>The IAM client over HTTP against the emulator's IAM: the shapes a controller builds on.</summary>
public sealed class IamClientEmulatorTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string ReadBucket = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""";
    private const string Ssm = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly AwsClients _aws = AwsClients.Create(
        AwsSettings.ForEndpoint(fixture.Emulator.Endpoint, fixture.Emulator.Region, fixture.Emulator.AccessKeyId, fixture.Emulator.SecretAccessKey),
        TimeProvider.System);

    private IIamClient Iam => _aws.Iam;

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task A_role_is_created_and_read_back_with_its_trust_policy_decoded()
    {
        var created = await Iam.CreateRoleAsync(new CreateRoleRequest("client-web", Trust)
        {
            Path = "/gureum/",
            Description = "web servers",
            MaxSessionDuration = 7200,
            PermissionsBoundaryArn = "arn:aws:iam::aws:policy/ReadOnlyAccess",
            Tags = [new("gureum.dev/owner", "default/web")],
        }, None);
        var read = await Iam.GetRoleAsync("client-web", None);

        Assert.Equal(created with { Tags = [] }, read with { Tags = [] });
        Assert.Equal(created.Tags, read.Tags);
        Assert.Equal("arn:aws:iam::000000000000:role/gureum/client-web", read.Arn);
        Assert.Matches("^AROA[A-Z0-9]{17}$", read.RoleId);
        Assert.Equal(("/gureum/", "web servers", 7200), (read.Path, read.Description, read.MaxSessionDuration));
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", read.PermissionsBoundaryArn);
        Assert.Equal(Trust, read.AssumeRolePolicyDocument);
        Assert.Equal([new IamTag("gureum.dev/owner", "default/web")], read.Tags);
    }

    [Fact]
    public async Task A_role_is_updated_in_place()
    {
        await Iam.CreateRoleAsync(new CreateRoleRequest("client-update", Trust) { Description = "before" }, None);
        var widened = Trust.Replace("ec2.amazonaws.com", "lambda.amazonaws.com", StringComparison.Ordinal);

        await Iam.UpdateRoleAsync("client-update", "after", 3 * 3600, None);
        await Iam.UpdateAssumeRolePolicyAsync("client-update", widened, None);
        await Iam.TagRoleAsync("client-update", [new("a", "1"), new("b", "2")], None);
        await Iam.UntagRoleAsync("client-update", ["a"], None);
        await Iam.PutRolePermissionsBoundaryAsync("client-update", "arn:aws:iam::aws:policy/ReadOnlyAccess", None);
        await Iam.DeleteRolePermissionsBoundaryAsync("client-update", None);
        var read = await Iam.GetRoleAsync("client-update", None);
        await Iam.UpdateRoleAsync("client-update", "", null, None);

        Assert.Equal(("after", 10800, widened, null), (read.Description, read.MaxSessionDuration, read.AssumeRolePolicyDocument, read.PermissionsBoundaryArn));
        Assert.Equal([new IamTag("b", "2")], await Iam.ListRoleTagsAsync("client-update", None));
        Assert.Null((await Iam.GetRoleAsync("client-update", None)).Description);
    }

    [Fact]
    public async Task Inline_and_managed_policies_are_listed_across_pages_and_must_go_before_the_role()
    {
        var paged = new IamClient(_aws.Channel(AwsService.Iam)) { PageSize = 2 };
        await Iam.CreateRoleAsync(new CreateRoleRequest("client-policies", Trust), None);
        foreach (var name in new[] { "c", "a", "b" })
            await Iam.PutRolePolicyAsync("client-policies", name, ReadBucket, None);
        string[] managed = [Ssm, "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"];
        foreach (var arn in managed)
            await Iam.AttachRolePolicyAsync("client-policies", arn, None);

        var inline = await paged.ListRolePoliciesAsync("client-policies", None);
        var attached = await paged.ListAttachedRolePoliciesAsync("client-policies", None);
        var document = await Iam.GetRolePolicyAsync("client-policies", "a", None);
        var conflict = await Assert.ThrowsAsync<AwsException>(() => Iam.DeleteRoleAsync("client-policies", None));

        Assert.Equal(["a", "b", "c"], inline);
        Assert.Equal(managed, attached.Select(p => p.PolicyArn));
        Assert.Equal("AmazonSSMManagedInstanceCore", attached[0].PolicyName);
        Assert.Equal(new IamRolePolicy("client-policies", "a", ReadBucket), document);
        // Three items in pages of two: two requests each.
        Assert.Equal((2, 2), (_aws.Pipeline.Attempts(AwsService.Iam, "ListRolePolicies"), _aws.Pipeline.Attempts(AwsService.Iam, "ListAttachedRolePolicies")));
        Assert.Equal(("DeleteConflict", AwsErrorKind.Conflict, HttpStatusCode.Conflict), (conflict.Code, conflict.Kind, conflict.Status));

        foreach (var arn in managed)
            await Iam.DetachRolePolicyAsync("client-policies", arn, None);
        foreach (var name in inline)
            await Iam.DeleteRolePolicyAsync("client-policies", name, None);
        await Iam.DeleteRoleAsync("client-policies", None);
        Assert.Null(await Iam.FindRoleAsync("client-policies", None));
    }

    [Fact]
    public async Task Role_details_list_every_role_with_its_policies_profile_and_tags_across_pages()
    {
        var paged = new IamClient(_aws.Channel(AwsService.Iam)) { PageSize = 1 };
        await Iam.CreateRoleAsync(new CreateRoleRequest("client-detailed", Trust)
        {
            Path = "/detailed/",
            PermissionsBoundaryArn = "arn:aws:iam::aws:policy/ReadOnlyAccess",
            Tags = [new("gureum.dev/owner", "default/detailed")],
        }, None);
        await Iam.PutRolePolicyAsync("client-detailed", "read", ReadBucket, None);
        await Iam.AttachRolePolicyAsync("client-detailed", Ssm, None);
        await Iam.CreateInstanceProfileAsync("client-detailed", null, [], None);
        await Iam.AddRoleToInstanceProfileAsync("client-detailed", "client-detailed", None);
        await Iam.CreateRoleAsync(new CreateRoleRequest("client-detailed-bare", Trust), None);

        var listed = await paged.ListRoleDetailsAsync(None);

        var detailed = Assert.Single(listed, r => r.RoleName == "client-detailed");
        var bare = Assert.Single(listed, r => r.RoleName == "client-detailed-bare");
        var role = await Iam.GetRoleAsync("client-detailed", None);
        Assert.Equal((role.RoleId, role.Arn, "/detailed/", Trust, "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            (detailed.RoleId, detailed.Arn, detailed.Path, detailed.AssumeRolePolicyDocument, detailed.PermissionsBoundaryArn));
        Assert.Equal([new IamTag("gureum.dev/owner", "default/detailed")], detailed.Tags);
        Assert.Equal(new Dictionary<string, string> { ["read"] = ReadBucket }, detailed.InlinePolicies);
        Assert.Equal([Ssm], detailed.AttachedPolicyArns);
        Assert.Equal(["client-detailed"], detailed.InstanceProfileNames);
        Assert.Empty(bare.InlinePolicies);
        Assert.Empty(bare.AttachedPolicyArns);
        Assert.Empty(bare.InstanceProfileNames);
        Assert.Null(bare.PermissionsBoundaryArn);
    }

    [Fact]
    public async Task An_instance_profile_holds_one_role_and_is_deleted_in_IAMs_order()
    {
        await Iam.CreateRoleAsync(new CreateRoleRequest("client-profiled", Trust), None);
        var created = await Iam.CreateInstanceProfileAsync("client-profiled", "/gureum/", [new("team", "web")], None);
        await Iam.AddRoleToInstanceProfileAsync("client-profiled", "client-profiled", None);
        await Iam.TagInstanceProfileAsync("client-profiled", [new("env", "test")], None);
        var full = await Assert.ThrowsAsync<AwsException>(() => Iam.AddRoleToInstanceProfileAsync("client-profiled", "client-profiled", None));
        var read = await Iam.GetInstanceProfileAsync("client-profiled", None);
        var roleInUse = await Assert.ThrowsAsync<AwsException>(() => Iam.DeleteRoleAsync("client-profiled", None));
        var profileInUse = await Assert.ThrowsAsync<AwsException>(() => Iam.DeleteInstanceProfileAsync("client-profiled", None));

        Assert.Matches("^AIPA[A-Z0-9]{17}$", created.InstanceProfileId);
        Assert.Equal("arn:aws:iam::000000000000:instance-profile/gureum/client-profiled", read.Arn);
        Assert.Equal("client-profiled", Assert.Single(read.Roles).RoleName);
        Assert.Equal(Trust, read.Roles[0].AssumeRolePolicyDocument);
        Assert.Equal([new IamTag("team", "web"), new IamTag("env", "test")], read.Tags);
        Assert.Equal(("LimitExceeded", AwsErrorKind.Throttled), (full.Code, full.Kind));
        Assert.Equal("DeleteConflict", roleInUse.Code);
        Assert.Equal("DeleteConflict", profileInUse.Code);

        await Iam.RemoveRoleFromInstanceProfileAsync("client-profiled", "client-profiled", None);
        await Iam.DeleteInstanceProfileAsync("client-profiled", None);
        await Iam.DeleteRoleAsync("client-profiled", None);
        Assert.Null(await Iam.FindInstanceProfileAsync("client-profiled", None));
    }

    [Fact]
    public async Task Errors_carry_IAMs_codes_and_kinds()
    {
        await Iam.CreateRoleAsync(new CreateRoleRequest("client-errors", Trust), None);

        var missing = await Assert.ThrowsAsync<AwsException>(() => Iam.GetRoleAsync("client-nobody", None));
        var twice = await Assert.ThrowsAsync<AwsException>(() => Iam.CreateRoleAsync(new CreateRoleRequest("CLIENT-ERRORS", Trust), None));
        var malformed = await Assert.ThrowsAsync<AwsException>(() => Iam.PutRolePolicyAsync("client-errors", "p", """{"Statement":[{"Effect":"Allow","Resource":"*"}]}""", None));
        var badName = await Assert.ThrowsAsync<AwsException>(() => Iam.GetRoleAsync("not a name", None));
        var unknownPolicy = await Assert.ThrowsAsync<AwsException>(() => Iam.GetPolicyAsync("arn:aws:iam::aws:policy/NoSuchPolicyAtAll", None));

        Assert.Equal(("NoSuchEntity", AwsErrorKind.NotFound, HttpStatusCode.NotFound), (missing.Code, missing.Kind, missing.Status));
        Assert.Equal(("EntityAlreadyExists", AwsErrorKind.AlreadyExists, HttpStatusCode.Conflict), (twice.Code, twice.Kind, twice.Status));
        Assert.Equal(("MalformedPolicyDocument", AwsErrorKind.Invalid, "Policy statement must contain actions."), (malformed.Code, malformed.Kind, malformed.AwsMessage));
        Assert.Equal(("ValidationError", AwsErrorKind.Invalid), (badName.Code, badName.Kind));
        Assert.Contains("Member must satisfy regular expression pattern", badName.AwsMessage, StringComparison.Ordinal);
        Assert.Equal("NoSuchEntity", unknownPolicy.Code);
    }

    [Fact]
    public async Task AWS_managed_policies_are_known_by_ARN()
    {
        var policy = await Iam.GetPolicyAsync(Ssm, None);

        Assert.Equal(("AmazonSSMManagedInstanceCore", Ssm, "/", true), (policy.PolicyName, policy.Arn, policy.Path, policy.IsAttachable));
        Assert.StartsWith("ANPA", policy.PolicyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_eleventh_managed_policy_is_LimitExceeded()
    {
        await Iam.CreateRoleAsync(new CreateRoleRequest("client-limit", Trust), None);
        var arns = new[]
        {
            "AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy", "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess",
            "AdministratorAccess", "ReadOnlyAccess", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMReadOnlyAccess",
            "CloudWatchLogsFullAccess", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy",
        }.Select(n => "arn:aws:iam::aws:policy/" + n).ToList();
        foreach (var arn in arns.Take(10))
            await Iam.AttachRolePolicyAsync("client-limit", arn, None);
        // Attaching one already attached changes nothing and is not refused.
        await Iam.AttachRolePolicyAsync("client-limit", arns[0], None);

        var eleventh = await Assert.ThrowsAsync<AwsException>(() => Iam.AttachRolePolicyAsync("client-limit", arns[10], None));

        Assert.Equal(10, (await Iam.ListAttachedRolePoliciesAsync("client-limit", None)).Count);
        Assert.Equal(("LimitExceeded", HttpStatusCode.Conflict, "Cannot exceed quota for PoliciesPerRole: 10"), (eleventh.Code, eleventh.Status, eleventh.AwsMessage));
        // A quota is retried later by the caller, not at once by the pipeline.
        Assert.Equal(12, _aws.Pipeline.Attempts(AwsService.Iam, "AttachRolePolicy"));
    }
}
