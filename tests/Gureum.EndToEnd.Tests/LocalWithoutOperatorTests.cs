using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary><c>gureum local --operator false</c>: the sandbox and the emulator only, with <c>gureum run --leader-elect</c> doing the work against them.</summary>
public sealed class LocalWithoutOperatorTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "gureum-e2e-nooperator-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Gureum_run_replicas_reconcile_against_a_local_without_its_operator()
    {
        await using var local = await GureumLocalProcess.StartAsync(_stateDir, "--operator", "false", "--clock-speedup", "20", "--live", "false");
        Assert.True(local.OutputContains("no operator (--operator false)"), local.Output);
        var kubectl = local.Kubectl();
        await kubectl.ApplyAsync(KubectlResults.DnsRecord("by-run", "by-run", "A", "[192.0.2.170]")).OkAsync();
        // Once the local view has seen the object, its own operator (were there one) would have seen it too.
        await Eventually.MatchAsync(() => Task.FromResult(local.OutputContains("object DnsRecord default/by-run")), seen => seen, "the local view reporting by-run");
        var untouched = await kubectl.RunAsync("get", "dnsrecord/by-run", "-o", "jsonpath={.metadata.finalizers}{.status}").OkAsync();
        Assert.Equal("", untouched.Trim());

        var environment = (await File.ReadAllLinesAsync(local.AwsEnvPath)).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        await using var replica = await GureumLocalProcess.StartRunAsync(environment,
            "--kubeconfig", local.KubeconfigPath, "--leader-elect", "--lease-namespace", "default", "--metrics-port", "0");

        await kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecord/by-run", "--timeout=60s").OkAsync();
        var holder = await kubectl.RunAsync("get", "lease/gureum-leader", "-o", "jsonpath={.spec.holderIdentity}").OkAsync();
        Assert.EndsWith($"-{replica.Pid}", holder.Trim(), StringComparison.Ordinal);
    }
}
