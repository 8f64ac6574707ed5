using Gureum.Local.Aws;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary><c>gureum local --aws-endpoint URL</c>: an AWS-compatible endpoint we did not start (here, a second emulator, as LocalStack would be).</summary>
public sealed class ExternalEndpointTests : IAsyncLifetime
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "gureum-e2e-ext-" + Guid.NewGuid().ToString("N"));
    private AwsEmulator _external = null!;

    public async Task InitializeAsync() =>
        _external = await AwsEmulator.StartAsync(new AwsEmulatorOptions { SeedHostedZones = ["example.com."], ClockSpeedUp = 20 }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _external.DisposeAsync();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Records_land_in_the_external_endpoint()
    {
        // As with LocalStack: any keys, from the environment (the SDK's credential chain).
        var keys = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test" };
        await using var local = await GureumLocalProcess.StartAsync(_stateDir, keys, "--aws-endpoint", _external.Endpoint.ToString(), "--live", "false");
        var env = await File.ReadAllTextAsync(local.AwsEnvPath);
        Assert.Contains($"AWS_ENDPOINT_URL={_external.Endpoint.ToString().TrimEnd('/')}", env, StringComparison.Ordinal);

        var kubectl = local.Kubectl();
        await kubectl.ApplyAsync(KubectlResults.DnsRecord("external", "external", "A", "[192.0.2.160]")).OkAsync();
        await kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecord/external", "--timeout=50s").OkAsync();
        Assert.True(_external.Stats.Requests("route53", "ChangeResourceRecordSets") > 0);
        var aws = new AwsCli(local.AwsEnvPath, ("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"));
        var records = await aws.RecordSetsAsync(await aws.ZoneIdAsync("example.com"));
        Assert.Single(records, set => (string?)set["Name"] == "external.example.com." && (string?)set["Type"] == "A");
    }
}
