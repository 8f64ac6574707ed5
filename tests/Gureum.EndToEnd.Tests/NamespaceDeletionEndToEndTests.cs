using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// Issue 6 item 1 end to end: `kubectl delete namespace` with DnsRecords in it waits while the
/// operator's finalizers clean Route53 up, and leaves neither record sets nor ownership marks behind.
/// </summary>
public sealed class NamespaceDeletionEndToEndTests(GureumLocalFixture local) : IClassFixture<GureumLocalFixture>
{
    private const string Namespace = "doomed";
    private const int Count = 50;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Deleting_a_namespace_with_50_DnsRecords_removes_every_record_set_and_ownership_mark()
    {
        var kubectl = local.Kubectl();
        var aws = new AwsCli(local.Process.AwsEnvPath);
        await kubectl.RunAsync("create", "namespace", Namespace).OkAsync();
        var records = string.Join("---\n", Enumerable.Range(0, Count).Select(i =>
            KubectlResults.DnsRecord($"rec-{i:D2}", $"doomed-{i:D2}", "A", $"[192.0.2.{i + 1}]") + "\n"));
        await kubectl.ApplyAsync(records, "-n", Namespace).OkAsync();
        await kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecord", "--all", "-n", Namespace, $"--timeout={Timeout.TotalSeconds}s").OkAsync();
        var zone = await aws.ZoneIdAsync("example.com");
        Assert.Equal(2 * Count, Ours(await aws.RecordSetsAsync(zone)).Count);

        var deleted = await kubectl.RunAsync("delete", "namespace", Namespace, $"--timeout={Timeout.TotalSeconds}s").OkAsync();

        Assert.Contains($"namespace \"{Namespace}\" deleted", deleted, StringComparison.Ordinal);
        var gone = await kubectl.RunAsync("get", "namespace", Namespace);
        Assert.True(gone.ExitCode != 0 && gone.StdErr.Contains("NotFound", StringComparison.Ordinal), gone.ToString());
        Assert.Empty(Ours(await aws.RecordSetsAsync(zone)));
    }

    /// <summary>The A record sets of the test and their TXT ownership marks (gureum-a-doomed-NN).</summary>
    private static List<string> Ours(IReadOnlyList<System.Text.Json.Nodes.JsonNode> sets) =>
        [.. sets.Select(set => $"{set["Name"]} {set["Type"]}").Where(name => name.Contains("doomed-", StringComparison.Ordinal))];
}
