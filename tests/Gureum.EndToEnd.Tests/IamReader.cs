using System.Text.Json.Nodes;
using Xunit;
using TestingAwsCli = Gureum.Testing.AwsCli;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// IAM as a user sees it through the AWS CLI (configured by the aws.env <c>gureum local</c> writes):
/// the reader that checks what the operator did, and the out-of-band actor that changes it behind its back.
/// </summary>
internal sealed class IamReader(TestingAwsCli aws)
{
    public const string SsmCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

    /// <summary>IAM's request rate is the account's, shared with the operator (and throttled under chaos): the reader retries as a patient script does.</summary>
    public static IamReader FromEnvFile(string path) => new(TestingAwsCli.PatientFromEnvFile(path));

    /// <summary>Runs <c>aws iam ...</c>; fails the test unless it succeeded.</summary>
    public async Task<JsonNode?> OkAsync(params string[] args)
    {
        var result = await aws.RunAsync(["iam", .. args, "--output", "json"]);
        Assert.True(result.ExitCode == 0, $"aws iam {string.Join(' ', args)}: {result}");
        return result.StdOut.Trim().Length == 0 ? null : JsonNode.Parse(result.StdOut);
    }

    /// <summary>The entity, or null when IAM answers NoSuchEntity.</summary>
    private async Task<JsonNode?> FindAsync(string field, params string[] args)
    {
        var result = await aws.RunAsync(["iam", .. args, "--output", "json"]);
        if (result.ExitCode != 0 && result.StdErr.Contains("NoSuchEntity", StringComparison.Ordinal))
            return null;
        Assert.True(result.ExitCode == 0, $"aws iam {string.Join(' ', args)}: {result}");
        return JsonNode.Parse(result.StdOut)![field];
    }

    public Task<JsonNode?> RoleAsync(string roleName) => FindAsync("Role", "get-role", "--role-name", roleName);

    public Task<JsonNode?> InstanceProfileAsync(string name) =>
        FindAsync("InstanceProfile", "get-instance-profile", "--instance-profile-name", name);

    public async Task<IReadOnlyList<string>> AttachedPolicyArnsAsync(string roleName) =>
        [.. (await OkAsync("list-attached-role-policies", "--role-name", roleName))!["AttachedPolicies"]!.AsArray()
            .Select(p => (string)p!["PolicyArn"]!).Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<string>> InlinePolicyNamesAsync(string roleName) =>
        [.. (await OkAsync("list-role-policies", "--role-name", roleName))!["PolicyNames"]!.AsArray()
            .Select(n => (string)n!).Order(StringComparer.Ordinal)];

    public async Task<JsonNode> InlinePolicyAsync(string roleName, string policyName) =>
        Document((await OkAsync("get-role-policy", "--role-name", roleName, "--policy-name", policyName))!["PolicyDocument"]!);

    /// <summary>Every role name in the account (list-roles, all pages: the CLI follows Marker itself).</summary>
    public async Task<IReadOnlyList<string>> RoleNamesAsync() =>
        [.. (await OkAsync("list-roles"))!["Roles"]!.AsArray().Select(r => (string)r!["RoleName"]!)];

    public async Task<IReadOnlyList<string>> InstanceProfileNamesAsync() =>
        [.. (await OkAsync("list-instance-profiles"))!["InstanceProfiles"]!.AsArray().Select(p => (string)p!["InstanceProfileName"]!)];

    public static IReadOnlyDictionary<string, string> Tags(JsonNode entity) =>
        (entity["Tags"] as JsonArray ?? []).ToDictionary(t => (string)t!["Key"]!, t => (string)t!["Value"]!, StringComparer.Ordinal);

    /// <summary>IAM returns documents URL-encoded; the CLI decodes them into JSON, older ones leave a string.</summary>
    public static JsonNode Document(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? JsonNode.Parse(Uri.UnescapeDataString(text))! : node;
}
