using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

public sealed class ChaosFixture : GureumLocalFixture
{
    protected override string[] Arguments => ["--aws-faults", "chaos", "--drift-interval", "5s", "--clock-speedup", "20", "--live", "false"];
}

/// <summary><c>--aws-faults chaos</c> (throttling, 5xx, lost responses, latency): every record still ends correct, none twice.</summary>
public sealed class ChaosTests(ChaosFixture local) : IClassFixture<ChaosFixture>
{
    [Fact]
    public async Task Every_sample_record_converges_and_none_is_duplicated()
    {
        var kubectl = local.Kubectl();
        var samples = Directory.GetFiles(RepoRoot.Combine("deploy", "samples"), "dnsrecord-*.yaml");
        foreach (var sample in samples)
            await kubectl.RunAsync("apply", "-f", sample).OkAsync();
        for (var i = 0; i < 12; i++)
            await kubectl.ApplyAsync(KubectlResults.DnsRecord($"chaos-{i}", $"chaos-{i}", "A", $"[192.0.2.{200 + i}]")).OkAsync();

        await kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecords", "--all", "--timeout=55s").OkAsync();

        var aws = new AwsCli(local.Process.AwsEnvPath);
        var sets = await aws.RecordSetsAsync(await aws.ZoneIdAsync("example.com"));
        var keys = sets.Select(set => $"{set["Name"]} {set["Type"]} {set["SetIdentifier"]}").ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < 12; i++)
            Assert.Equal([$"192.0.2.{200 + i}"], AwsCli.Values(sets.Single(set => (string?)set["Name"] == $"chaos-{i}.example.com." && (string?)set["Type"] == "A")));
    }
}
