using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>SIGTERM stops gureum local cleanly; a restart on the same state dir keeps objects, Route53 state and addresses.</summary>
public sealed class LifecycleTests(GureumLocalFixture local) : IClassFixture<GureumLocalFixture>
{
    [Fact]
    public async Task Sigterm_exits_0_and_a_restart_keeps_the_objects_and_records()
    {
        var kubectl = local.Kubectl();
        await kubectl.ApplyAsync(KubectlResults.DnsRecord("persisted", "persisted", "A", "[192.0.2.140]")).OkAsync();
        await kubectl.RunAsync("apply", "-f", RepoRoot.Combine("deploy", "samples", "loadbalancer.yaml")).OkAsync();
        await kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecord/persisted", "--timeout=50s").OkAsync();

        var server = ServerOf(await File.ReadAllTextAsync(local.Process.KubeconfigPath));
        var awsEnv = await File.ReadAllTextAsync(local.Process.AwsEnvPath);

        var exit = await local.RestartAsync();

        Assert.Equal(0, exit);
        // Ports were 0 (free): the restart takes the same ones again, so aws.env and the kubeconfig's server stay.
        Assert.Equal(awsEnv, await File.ReadAllTextAsync(local.Process.AwsEnvPath));
        Assert.Equal(server, ServerOf(await File.ReadAllTextAsync(local.Process.KubeconfigPath)));
        kubectl = local.Kubectl(); // a new token after the restart
        var names = await kubectl.RunAsync("get", "gureum", "-o", "name").OkAsync();
        Assert.Contains("dnsrecord.gureum.dev/persisted", names, StringComparison.Ordinal);
        Assert.Contains("loadbalancer.gureum.dev/web", names, StringComparison.Ordinal);
        await kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecord/persisted", "--timeout=50s").OkAsync();
        var aws = new AwsCli(local.Process.AwsEnvPath);
        var records = await aws.RecordSetsAsync(await aws.ZoneIdAsync("example.com"));
        Assert.Single(records, set => (string?)set["Name"] == "persisted.example.com." && (string?)set["Type"] == "A");
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_stops_the_servers_with_exit_code_0(string signal)
    {
        await using var process = await GureumLocalProcess.StartAsync(Path.Combine(local.StateDir, signal), "--live", "false");
        var kubeconfig = process.KubeconfigPath;
        Assert.Equal(0, await process.TerminateAsync(signal));
        Assert.True(process.OutputContains("gureum local: stopped"), process.Output);
        var after = await new Kubectl(kubeconfig).RunAsync("get", "gureum", "--request-timeout=5s");
        Assert.NotEqual(0, after.ExitCode);
    }

    private static string ServerOf(string kubeconfig) =>
        kubeconfig.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("server:", StringComparison.Ordinal));
}
