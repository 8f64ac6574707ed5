using System.Net;
using Gureum.Local.Aws;
using Gureum.Testing;
using k8s;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// <c>gureum run</c> as it runs in a cluster: a kubeconfig, AWS from AWS_ENDPOINT_URL and the
/// SDK's environment credentials, leader election on a Lease. The cluster is a sandbox API
/// server and AWS the emulator, both started by the test.
/// </summary>
public sealed class RunCommandTests : IAsyncLifetime
{
    private readonly SandboxFixture _cluster = new();
    private AwsEmulator _aws = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions { SeedHostedZones = ["example.com."], ClockSpeedUp = 20 }, CancellationToken.None);
        await _cluster.Kubectl().RunAsync("apply", "-f", RepoRoot.Combine("crds")).OkAsync();
        await _cluster.Kubectl().RunAsync("create", "namespace", "gureum-system").OkAsync();
    }

    public async Task DisposeAsync()
    {
        await _aws.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private Dictionary<string, string> AwsEnvironment() => new()
    {
        ["AWS_ENDPOINT_URL"] = _aws.Endpoint.ToString().TrimEnd('/'),
        ["AWS_REGION"] = _aws.Region,
        ["AWS_ACCESS_KEY_ID"] = _aws.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = _aws.SecretAccessKey,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
    };

    [Fact]
    public async Task Run_with_the_deployments_flags_reconciles_holds_the_lease_and_stops_cleanly()
    {
        await using var operatorProcess = await GureumLocalProcess.StartRunAsync(
            AwsEnvironment(),
            "--kubeconfig", _cluster.KubeconfigPath, "--leader-elect", "--lease-namespace", "gureum-system",
            "--metrics-port", "0", "--drift-interval", "60s");
        var kubectl = _cluster.Kubectl();

        await kubectl.ApplyAsync(KubectlResults.DnsRecord("run-www", "run-www", "A", "[192.0.2.150]")).OkAsync();
        await kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecord/run-www", "--timeout=50s").OkAsync();
        Assert.Equal(1, _aws.Stats.Requests("route53", "ChangeResourceRecordSets") > 0 ? 1 : 0);

        var lease = await _cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("gureum-leader", "gureum-system");
        Assert.False(string.IsNullOrEmpty(lease.Spec.HolderIdentity));

        using var http = new HttpClient { BaseAddress = operatorProcess.MetricsAddress };
        await Eventually.MatchAsync(async () => (await http.GetAsync("/readyz")).StatusCode, code => code == HttpStatusCode.OK, "/readyz 200");
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("gureum_aws_calls", metrics, StringComparison.Ordinal);
        Assert.Contains("gureum_reconcile_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(_aws.SecretAccessKey, operatorProcess.Output, StringComparison.Ordinal);

        Assert.Equal(0, await operatorProcess.TerminateAsync());
        var released = await _cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("gureum-leader", "gureum-system");
        Assert.True(string.IsNullOrEmpty(released.Spec.HolderIdentity), $"lease still held by {released.Spec.HolderIdentity}");
    }
}
