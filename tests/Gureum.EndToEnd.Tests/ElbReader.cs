using System.Text.Json.Nodes;
using Xunit;
using TestingAwsCli = Gureum.Testing.AwsCli;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// ELBv2 and the EC2 network as a user sees them through the AWS CLI (configured by the aws.env
/// <c>gureum local</c> writes): the reader that checks what the operator did, and the out-of-band
/// actor that changes it behind its back.
/// </summary>
internal sealed class ElbReader(TestingAwsCli aws)
{
    /// <summary>ELBv2's request rate is the account's, shared with the operator: the reader retries as a patient script does.</summary>
    public static ElbReader FromEnvFile(string path) => new(TestingAwsCli.PatientFromEnvFile(path));

    /// <summary>Runs <c>aws ...</c>; fails the test unless it succeeded.</summary>
    public async Task<JsonNode?> OkAsync(params string[] args)
    {
        var result = await aws.RunAsync([.. args, "--output", "json"]);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result}");
        return result.StdOut.Trim().Length == 0 ? null : JsonNode.Parse(result.StdOut);
    }

    /// <summary>The ids of the default VPC's default subnets (one per zone), ordered by zone.</summary>
    public async Task<IReadOnlyList<string>> DefaultSubnetIdsAsync() =>
        [.. (await OkAsync("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true"))!["Subnets"]!.AsArray()
            .OrderBy(s => (string)s!["AvailabilityZone"]!, StringComparer.Ordinal).Select(s => (string)s!["SubnetId"]!)];

    public async Task<string> DefaultSecurityGroupIdAsync() =>
        (string)(await OkAsync("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=default"))!["SecurityGroups"]!.AsArray()
            .Single()!["GroupId"]!;

    /// <summary>Every load balancer in the account (the CLI follows Marker itself).</summary>
    public async Task<IReadOnlyList<JsonNode>> LoadBalancersAsync() =>
        [.. (await OkAsync("elbv2", "describe-load-balancers"))!["LoadBalancers"]!.AsArray().Select(n => n!)];

    public async Task<IReadOnlyList<JsonNode>> TargetGroupsAsync() =>
        [.. (await OkAsync("elbv2", "describe-target-groups"))!["TargetGroups"]!.AsArray().Select(n => n!)];

    /// <summary>Load balancers named <paramref name="name"/> (zero or one).</summary>
    public async Task<IReadOnlyList<JsonNode>> LoadBalancersNamedAsync(string name) =>
        [.. (await LoadBalancersAsync()).Where(lb => (string?)lb["LoadBalancerName"] == name)];

    public async Task<IReadOnlyList<JsonNode>> TargetGroupsNamedAsync(string name) =>
        [.. (await TargetGroupsAsync()).Where(group => (string?)group["TargetGroupName"] == name)];

    public async Task<IReadOnlyList<JsonNode>> ListenersAsync(string loadBalancerArn) =>
        [.. (await OkAsync("elbv2", "describe-listeners", "--load-balancer-arn", loadBalancerArn))!["Listeners"]!.AsArray().Select(n => n!)];

    /// <summary>"PROTOCOL:port->action" of every listener, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListenerSummariesAsync(string loadBalancerArn) =>
        [.. (await ListenersAsync(loadBalancerArn)).Select(Summary).Order(StringComparer.Ordinal)];

    public static string Summary(JsonNode listener) =>
        $"{listener["Protocol"]}:{listener["Port"]}->" + string.Join(",", listener["DefaultActions"]!.AsArray()
            .Select(a => (string)a!["Type"]! + (a["TargetGroupArn"] is { } arn ? "=" + (string)arn! : "")));

    public async Task<IReadOnlyDictionary<string, string>> TagsAsync(string arn) =>
        (await OkAsync("elbv2", "describe-tags", "--resource-arns", arn))!["TagDescriptions"]!.AsArray().Single()!["Tags"]!.AsArray()
            .ToDictionary(t => (string)t!["Key"]!, t => (string)t!["Value"]!, StringComparer.Ordinal);

    /// <summary>Runs <c>aws ...</c> expected to fail; returns its stderr.</summary>
    public async Task<string> FailsAsync(params string[] args)
    {
        var result = await aws.RunAsync([.. args, "--output", "json"]);
        Assert.True(result.ExitCode != 0, $"aws {string.Join(' ', args)} should have failed: {result}");
        return result.StdErr;
    }
}
