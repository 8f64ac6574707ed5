using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The IAM emulator's own behaviour: the Query envelope, eventual consistency towards EC2,
/// persistence, validation and faults. The client's view is in Gureum.Aws.Tests, the CLI's in IamAwsCliTests.</summary>
public sealed class IamEmulatorTests : IDisposable
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"gureum-iam-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task Answers_are_Query_envelopes_in_IAMs_namespace()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions(), CancellationToken.None);

        var created = await SendAsync(emulator, "CreateRole", ("RoleName", "envelope"), ("AssumeRolePolicyDocument", Trust));
        var deleted = await SendAsync(emulator, "DeleteRole", ("RoleName", "envelope"));
        var unknown = await SendAsync(emulator, "Frobnicate");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(Ns + "CreateRoleResponse", created.Xml.Name);
        Assert.NotNull(created.Xml.Element(Ns + "CreateRoleResult")?.Element(Ns + "Role"));
        Assert.NotEmpty(created.Xml.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId")!.Value);
        Assert.Equal(Uri.EscapeDataString(Trust), created.Xml.Descendants(Ns + "AssumeRolePolicyDocument").Single().Value);
        // An operation without output answers ResponseMetadata only, as IAM does.
        Assert.Equal([Ns + "ResponseMetadata"], deleted.Xml.Elements().Select(e => e.Name));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidAction"), (unknown.Status, unknown.Code));
        Assert.Equal(Ns + "ErrorResponse", unknown.Xml.Name);
    }

    [Fact]
    public async Task An_instance_profile_becomes_visible_to_EC2_after_the_propagation_delay_divided_by_the_speed_up()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            TimeProvider = time,
            IamInstanceProfilePropagationDelay = TimeSpan.FromSeconds(10),
            ClockSpeedUp = 2,
        }, CancellationToken.None);
        await SendAsync(emulator, "CreateRole", ("RoleName", "visible"), ("AssumeRolePolicyDocument", Trust));
        var profile = await SendAsync(emulator, "CreateInstanceProfile", ("InstanceProfileName", "visible"));
        var arn = profile.Xml.Descendants(Ns + "Arn").Single().Value;

        var atOnce = emulator.Iam.IsInstanceProfileVisible("visible", time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(5));
        var byName = emulator.Iam.IsInstanceProfileVisible("visible", time.GetUtcNow());
        var byArn = emulator.Iam.IsInstanceProfileVisible(arn, time.GetUtcNow());
        await SendAsync(emulator, "AddRoleToInstanceProfile", ("InstanceProfileName", "visible"), ("RoleName", "visible"));
        var afterRoleAdded = emulator.Iam.IsInstanceProfileVisible("visible", time.GetUtcNow());

        Assert.Equal((false, true, true, false), (atOnce, byName, byArn, afterRoleAdded));
        Assert.False(emulator.Iam.IsInstanceProfileVisible("no-such-profile", time.GetUtcNow()));
    }

    [Fact]
    public async Task Roles_policies_and_profiles_survive_a_restart_under_the_state_dir()
    {
        var options = new AwsEmulatorOptions { StateDir = _stateDir };
        string roleId;
        await using (var first = await AwsEmulator.StartAsync(options, CancellationToken.None))
        {
            var created = await SendAsync(first, "CreateRole", ("RoleName", "kept"), ("AssumeRolePolicyDocument", Trust), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v"));
            roleId = created.Xml.Descendants(Ns + "RoleId").Single().Value;
            await SendAsync(first, "AttachRolePolicy", ("RoleName", "kept"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
            await SendAsync(first, "CreateInstanceProfile", ("InstanceProfileName", "kept"));
            await SendAsync(first, "AddRoleToInstanceProfile", ("InstanceProfileName", "kept"), ("RoleName", "kept"));
        }

        await using var second = await AwsEmulator.StartAsync(options, CancellationToken.None);
        var role = await SendAsync(second, "GetRole", ("RoleName", "kept"));
        var attached = await SendAsync(second, "ListAttachedRolePolicies", ("RoleName", "kept"));
        var profile = await SendAsync(second, "GetInstanceProfile", ("InstanceProfileName", "kept"));

        Assert.True(File.Exists(Path.Combine(_stateDir, "aws", "iam.json")));
        Assert.Equal(roleId, role.Xml.Descendants(Ns + "RoleId").Single().Value);
        Assert.Equal("v", role.Xml.Descendants(Ns + "Value").Single().Value);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", attached.Xml.Descendants(Ns + "PolicyArn").Single().Value);
        Assert.Equal("kept", profile.Xml.Descendants(Ns + "RoleName").Single().Value);
    }

    public static TheoryData<(string, string)[], string, string> Refusals => new()
    {
        { [("RoleName", "a b"), ("AssumeRolePolicyDocument", Trust)], "ValidationError",
            @"1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+" },
        { [("RoleName", new string('r', 65)), ("AssumeRolePolicyDocument", Trust)], "ValidationError",
            "failed to satisfy constraint: Member must have length less than or equal to 64" },
        { [("RoleName", "r"), ("AssumeRolePolicyDocument", Trust), ("MaxSessionDuration", "60")], "ValidationError",
            "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600" },
        { [("RoleName", "r"), ("AssumeRolePolicyDocument", Trust), ("Path", "no-slashes")], "ValidationError",
            "at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern" },
        { [("RoleName", "r")], "ValidationError",
            "1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null" },
        { [("RoleName", "r"), ("AssumeRolePolicyDocument", "{not json")], "MalformedPolicyDocument", "Syntax errors in policy." },
        { [("RoleName", "r"), ("AssumeRolePolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""")],
            "MalformedPolicyDocument", "Missing required field Principal" },
        { [("RoleName", "r"), ("AssumeRolePolicyDocument", Trust), ("Tags.member.1.Key", "aws:reserved"), ("Tags.member.1.Value", "v")],
            "InvalidInput", "aws:" },
        { [("RoleName", "r"), ("AssumeRolePolicyDocument", Trust), ("PermissionsBoundary", "arn:aws:iam::aws:policy/NotAPolicyWeKnow")],
            "NoSuchEntity", "Scope ARN: arn:aws:iam::aws:policy/NotAPolicyWeKnow does not exist or is not attachable." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task CreateRole_refuses_what_IAM_refuses(IReadOnlyList<(string, string)> parameters, string code, string message)
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions(), CancellationToken.None);

        var reply = await SendAsync(emulator, "CreateRole", [.. parameters]);

        Assert.Equal(code, reply.Code);
        Assert.Contains(message, reply.Xml.Descendants(Ns + "Message").Single().Value, StringComparison.Ordinal);
        Assert.Equal(code is "NoSuchEntity" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task A_throttled_IAM_answers_Throttling_at_the_published_rate()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            TimeProvider = time,
            Faults = new FaultSettings { Services = new Dictionary<string, ServiceFaults> { ["iam"] = new() { Throttle = true } } },
        }, CancellationToken.None);
        var (_, burst) = emulator.Faults.PublishedRate("iam", isWrite: false);

        var replies = new List<Reply>();
        for (var i = 0; i <= burst; i++)
            replies.Add(await SendAsync(emulator, "GetRole", ("RoleName", "nobody")));

        Assert.All(replies.Take(burst), r => Assert.Equal("NoSuchEntity", r.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "Throttling"), (replies[^1].Status, replies[^1].Code));
        Assert.Equal("Rate exceeded", replies[^1].Xml.Descendants(Ns + "Message").Single().Value);
        Assert.Equal(1, emulator.Stats.Faults("iam", FaultKind.Throttled));
    }

    private sealed record Reply(HttpStatusCode Status, XElement Xml)
    {
        public string? Code => Xml.Descendants(Ns + "Code").FirstOrDefault()?.Value;
    }

    private static async Task<Reply> SendAsync(AwsEmulator emulator, string action, params (string Name, string Value)[] parameters)
    {
        using var client = new SignedRoute53Client(emulator, service: "iam");
        var form = new Dictionary<string, string> { ["Action"] = action, ["Version"] = "2010-05-08" };
        foreach (var (name, value) in parameters)
            form[name] = value;
        using var content = new FormUrlEncodedContent(form);
        var (status, body) = await client.SendFormAsync(content);
        return new Reply(status, XElement.Parse(body));
    }
}
