using System.Text.Json.Nodes;
using Xunit;
using TestingAwsCli = Gureum.Testing.AwsCli;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// Auto Scaling, EC2 launch templates and target health as a user sees them through the AWS CLI
/// (configured by the aws.env <c>gureum local</c> writes): the reader that checks what the operator
/// did, and the out-of-band actor that changes it behind its back.
/// </summary>
internal sealed class AutoScalingReader(TestingAwsCli aws)
{
    public static AutoScalingReader FromEnvFile(string path) => new(TestingAwsCli.PatientFromEnvFile(path));

    public async Task<JsonNode?> OkAsync(params string[] args)
    {
        var result = await aws.RunAsync([.. args, "--output", "json"]);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result}");
        return result.StdOut.Trim().Length == 0 ? null : JsonNode.Parse(result.StdOut);
    }

    /// <summary>Every Auto Scaling group in the account.</summary>
    public async Task<IReadOnlyList<JsonNode>> GroupsAsync() =>
        [.. (await OkAsync("autoscaling", "describe-auto-scaling-groups"))!["AutoScalingGroups"]!.AsArray().Select(n => n!)];

    public async Task<JsonNode?> GroupAsync(string name) =>
        (await OkAsync("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", name))!["AutoScalingGroups"]!.AsArray().SingleOrDefault();

    public async Task<IReadOnlyList<string>> GroupNamesAsync() => [.. (await GroupsAsync()).Select(g => (string)g["AutoScalingGroupName"]!).Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<string>> LaunchTemplateNamesAsync() =>
        [.. (await OkAsync("ec2", "describe-launch-templates"))!["LaunchTemplates"]!.AsArray().Select(t => (string)t!["LaunchTemplateName"]!).Order(StringComparer.Ordinal)];

    /// <summary>The group's instances as (id, lifecycle state, health status, instance type).</summary>
    public static IReadOnlyList<(string Id, string State, string Health, string Type)> Instances(JsonNode group) =>
        [.. group["Instances"]!.AsArray().Select(i => ((string)i!["InstanceId"]!, (string)i["LifecycleState"]!, (string)i["HealthStatus"]!, (string)i["InstanceType"]!))];

    /// <summary>Target id -> state ("healthy", "initial", "unhealthy", "draining", ...).</summary>
    public async Task<IReadOnlyDictionary<string, string>> TargetHealthAsync(string targetGroupArn) =>
        (await OkAsync("elbv2", "describe-target-health", "--target-group-arn", targetGroupArn))!["TargetHealthDescriptions"]!.AsArray()
            .ToDictionary(t => (string)t!["Target"]!["Id"]!, t => (string)t!["TargetHealth"]!["State"]!, StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> HealthyTargetsAsync(string targetGroupArn) =>
        [.. (await TargetHealthAsync(targetGroupArn)).Where(t => t.Value == "healthy").Select(t => t.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads the healthy targets again and again until disposed, keeping the fewest seen: a
    /// measurement throughout a change, by the AWS CLI.
    /// </summary>
    public HealthWatch Watch(string targetGroupArn) => new(this, targetGroupArn);

    internal sealed class HealthWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public HealthWatch(AutoScalingReader reader, string targetGroupArn)
        {
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var healthy = (await reader.HealthyTargetsAsync(targetGroupArn)).Count;
                    Samples++;
                    Fewest = Math.Min(Fewest, healthy);
                }
            });
        }

        public int Fewest { get; private set; } = int.MaxValue;

        public int Samples { get; private set; }

        /// <summary>Stops after the read in flight; a failed read fails the test here.</summary>
        public async Task<(int Fewest, int Samples)> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            return (Fewest, Samples);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (Exception)
            {
                // Already reported by StopAsync, or the test failed elsewhere first.
            }
            _stop.Dispose();
        }
    }
}
