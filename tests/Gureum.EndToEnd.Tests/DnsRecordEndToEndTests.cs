using System.Text.Json.Nodes;
using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>Issue 3 end to end: DnsRecords through kubectl into the emulator's Route53, checked with the AWS CLI.</summary>
public sealed class DnsRecordEndToEndTests(GureumLocalFixture local) : IClassFixture<GureumLocalFixture>
{
    private readonly Kubectl _kubectl = local.Kubectl();
    private readonly AwsCli _aws = new(local.Process.AwsEnvPath);

    private static string Sample(string file) => RepoRoot.Combine("deploy", "samples", file);

    private async Task<IReadOnlyList<JsonNode>> RecordsAsync(string name, string type) =>
        [.. (await _aws.RecordSetsAsync(await _aws.ZoneIdAsync("example.com")))
            .Where(set => (string?)set["Name"] == name && (string?)set["Type"] == type)];

    private Task WaitReadyAsync(string name) =>
        _kubectl.RunAsync("wait", "--for=condition=Ready", $"dnsrecord/{name}", "--timeout=50s").OkAsync();

    [Fact]
    public async Task The_aws_cli_works_from_the_env_file()
    {
        var (exit, stdout, stderr) = await _aws.RunAsync("route53", "list-hosted-zones");
        Assert.True(exit == 0, stderr);
        Assert.Contains("example.com.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_of_every_supported_type_become_Ready_and_exist_in_route53()
    {
        string[] samples =
        [
            "dnsrecord-a.yaml", "dnsrecord-aaaa.yaml", "dnsrecord-cname.yaml", "dnsrecord-txt.yaml", "dnsrecord-mx.yaml",
            "dnsrecord-alias.yaml", "dnsrecord-weighted-blue.yaml", "dnsrecord-weighted-green.yaml",
        ];
        foreach (var sample in samples)
            await _kubectl.RunAsync("apply", "-f", Sample(sample)).OkAsync();
        foreach (var name in new[] { "www-a", "www-aaaa", "docs-cname", "apex-txt", "apex-mx", "cdn-alias", "api-blue", "api-green" })
            await WaitReadyAsync(name);

        Assert.Equal(["192.0.2.10", "192.0.2.11"], AwsCli.Values((await RecordsAsync("www.example.com.", "A")).Single()).Order(StringComparer.Ordinal));
        Assert.Equal(["2001:db8::10"], AwsCli.Values((await RecordsAsync("www.example.com.", "AAAA")).Single()));
        Assert.Equal(["www.example.com"], AwsCli.Values((await RecordsAsync("docs.example.com.", "CNAME")).Single()).Select(v => v.TrimEnd('.')));
        Assert.Equal(2, AwsCli.Values((await RecordsAsync("example.com.", "TXT")).Single()).Count(v => v.Contains("spf1", StringComparison.Ordinal) || v.Contains("verification", StringComparison.Ordinal)));
        Assert.Equal(2, AwsCli.Values((await RecordsAsync("example.com.", "MX")).Single()).Count);
        var alias = (await RecordsAsync("cdn.example.com.", "A")).Single();
        Assert.Equal("d111111abcdef8.cloudfront.net.", ((string)alias["AliasTarget"]!["DNSName"]!).TrimEnd('.') + ".");
        var weighted = await RecordsAsync("api.example.com.", "A");
        Assert.Equal(["blue:90", "green:10"], weighted.Select(set => $"{set["SetIdentifier"]}:{set["Weight"]}").Order(StringComparer.Ordinal));
        var fqdn = await _kubectl.RunAsync("get", "dnsrecord", "www-a", "-o", "jsonpath={.status.fqdn}").OkAsync();
        Assert.Equal("www.example.com.", fqdn);
    }

    [Fact]
    public async Task An_out_of_band_change_is_corrected()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("drift-fix", "drift-fix", "A", "[192.0.2.50]")).OkAsync();
        await WaitReadyAsync("drift-fix");
        var zone = await _aws.ZoneIdAsync("example.com");
        var (exit, _, stderr) = await _aws.UpsertAsync(zone, "drift-fix.example.com.", "A", 60, "203.0.113.9");
        Assert.True(exit == 0, stderr);

        await Eventually.MatchAsync(
            async () => string.Join(",", AwsCli.Values((await RecordsAsync("drift-fix.example.com.", "A")).Single())),
            values => values == "192.0.2.50",
            "the record corrected back to the spec");
        var description = await Eventually.MatchAsync(
            () => _kubectl.RunAsync("describe", "dnsrecord", "drift-fix").OkAsync(),
            text => text.Contains("Drift", StringComparison.Ordinal),
            "a drift Event");
        Assert.Contains("Drift", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_driftPolicy_Report_drift_is_only_reported()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("drift-report", "drift-report", "A", "[192.0.2.60]", "  driftPolicy: Report")).OkAsync();
        await WaitReadyAsync("drift-report");
        var zone = await _aws.ZoneIdAsync("example.com");
        var (exit, _, stderr) = await _aws.UpsertAsync(zone, "drift-report.example.com.", "A", 60, "203.0.113.10");
        Assert.True(exit == 0, stderr);

        var drifted = await Eventually.MatchAsync(
            () => _kubectl.RunAsync("get", "dnsrecord", "drift-report", "-o", "jsonpath={.status.conditions[?(@.type==\"Drifted\")].status} {.status.drift}").OkAsync(),
            text => text.StartsWith("True", StringComparison.Ordinal),
            "Drifted=True in status");
        Assert.Contains("203.0.113.10", drifted, StringComparison.Ordinal);
        // Reported, never written: the out-of-band value is still there after further drift passes.
        await _kubectl.RunAsync("wait", "--for=jsonpath={.status.drift[0].actual}", "dnsrecord/drift-report", "--timeout=20s").OkAsync();
        Assert.Equal(["203.0.113.10"], AwsCli.Values((await RecordsAsync("drift-report.example.com.", "A")).Single()));
    }

    [Fact]
    public async Task Delete_removes_the_record_and_Retain_keeps_it()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("gone", "gone", "A", "[192.0.2.130]")).OkAsync();
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("kept", "kept", "A", "[192.0.2.131]", "  deletionPolicy: Retain")).OkAsync();
        await WaitReadyAsync("gone");
        await WaitReadyAsync("kept");
        Assert.Single(await RecordsAsync("gone.example.com.", "A"));

        await _kubectl.RunAsync("delete", "dnsrecord", "gone", "kept", "--timeout=50s").OkAsync();

        Assert.Empty(await RecordsAsync("gone.example.com.", "A"));
        Assert.Equal(["192.0.2.131"], AwsCli.Values((await RecordsAsync("kept.example.com.", "A")).Single()));
    }

    [Fact]
    public async Task Bad_records_are_refused_naming_the_field_and_never_reach_route53()
    {
        var schema = await _kubectl.ApplyAsync(KubectlResults.DnsRecord("bad-weight", "bad-weight", "A", "[192.0.2.1]", "  setIdentifier: x\n  weight: 300"));
        Assert.NotEqual(0, schema.ExitCode);
        Assert.Contains("spec.weight", schema.StdErr, StringComparison.Ordinal);

        // Passes the schema, fails the controller's validation: Stalled, the message names the field.
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("bad-ip", "bad-ip", "A", "[not-an-ip]")).OkAsync();
        var stalled = await Eventually.MatchAsync(
            () => _kubectl.RunAsync("get", "dnsrecord", "bad-ip", "-o", "jsonpath={.status.conditions[?(@.type==\"Stalled\")].status} {.status.conditions[?(@.type==\"Stalled\")].message}").OkAsync(),
            text => text.StartsWith("True", StringComparison.Ordinal),
            "Stalled=True");
        Assert.Contains("values", stalled, StringComparison.Ordinal);
        Assert.Empty(await RecordsAsync("bad-ip.example.com.", "A"));
        Assert.Empty(await RecordsAsync("bad-weight.example.com.", "A"));
    }
}
