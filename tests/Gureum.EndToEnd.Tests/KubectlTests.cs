using System.Text.Json.Nodes;
using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>The real kubectl (1.32, spot checks with 1.27) against a real <c>gureum local</c>: issue 2's list.</summary>
public sealed class KubectlTests(GureumLocalFixture local) : IClassFixture<GureumLocalFixture>
{
    private readonly Kubectl _kubectl = local.Kubectl();

    private static string Samples => RepoRoot.Combine("deploy", "samples");

    [Fact]
    public async Task Apply_crds_then_samples_then_get_gureum_lists_every_kind()
    {
        var crds = await _kubectl.RunAsync("apply", "-f", RepoRoot.Combine("crds")).OkAsync();
        Assert.Equal(5, crds.Split('\n').Count(line => line.StartsWith("customresourcedefinition.apiextensions.k8s.io/", StringComparison.Ordinal)));

        await _kubectl.RunAsync("apply", "-f", Samples).OkAsync();
        var all = await _kubectl.RunAsync("get", "gureum").OkAsync();
        foreach (var expected in new[] { "dnsrecord.gureum.dev/www-a", "iamrole.gureum.dev/web", "instancegroup.gureum.dev/web", "loadbalancer.gureum.dev/web", "rollout.gureum.dev/api" })
            Assert.Contains(expected, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_shows_the_printer_columns()
    {
        await _kubectl.RunAsync("apply", "-f", Path.Combine(Samples, "dnsrecord-cname.yaml")).OkAsync();
        var table = await _kubectl.RunAsync("get", "dnsrecords").OkAsync();
        var header = table.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "READY", "REASON", "TYPE", "FQDN", "AGE"], header);
        var wide = (await _kubectl.RunAsync("get", "dnsrecords", "-o", "wide").OkAsync()).Split('\n')[0];
        Assert.Equal(["NAME", "READY", "REASON", "TYPE", "FQDN", "MESSAGE", "AGE"], wide.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"docs-cname(\s+\S*){0,2}\s+CNAME", table);
        var row = table.Split('\n').Single(line => line.StartsWith("docs-cname", StringComparison.Ordinal));
        Assert.Matches(@"\s\d+[smhd]\S*\s*$", row); // AGE as a duration, as kubectl shows it
        var shortName = await _kubectl.RunAsync("get", "dnsr", "docs-cname", "-o", "name").OkAsync();
        Assert.Equal("dnsrecord.gureum.dev/docs-cname", shortName.Trim());
    }

    [Fact]
    public async Task Explain_shows_field_descriptions()
    {
        var text = await _kubectl.RunAsync("explain", "dnsrecord.spec.ttl").OkAsync();
        Assert.Contains("Time to live", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_object_is_refused_naming_the_field()
    {
        var result = await _kubectl.ApplyAsync(KubectlResults.DnsRecord("bad-ttl", "bad", "A", "[192.0.2.1]").Replace("ttl: 60", "ttl: -5", StringComparison.Ordinal));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.ttl", result.StdErr, StringComparison.Ordinal);
        var get = await _kubectl.RunAsync("get", "dnsrecord", "bad-ttl");
        Assert.Contains("NotFound", get.StdErr, StringComparison.Ordinal);

        var badType = await _kubectl.ApplyAsync(KubectlResults.DnsRecord("bad-type", "bad", "BOGUS", "[x]"));
        Assert.NotEqual(0, badType.ExitCode);
        Assert.Contains("spec.type", badType.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_selectors_pick_the_labelled_objects()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("lbl-a", "lbl-a", "A", "[192.0.2.71]", labels: "team: blue")).OkAsync();
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("lbl-b", "lbl-b", "A", "[192.0.2.72]", labels: "team: red")).OkAsync();
        var blue = await _kubectl.RunAsync("get", "dnsrecords", "-l", "team=blue", "-o", "name").OkAsync();
        Assert.Equal("dnsrecord.gureum.dev/lbl-a", blue.Trim());
        var notBlue = await _kubectl.RunAsync("get", "dnsrecords", "-l", "team,team!=blue", "-o", "name").OkAsync();
        Assert.Equal("dnsrecord.gureum.dev/lbl-b", notBlue.Trim());
    }

    [Fact]
    public async Task Patch_merge_and_json_change_the_spec()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("patched", "patched", "A", "[192.0.2.80]")).OkAsync();
        await _kubectl.RunAsync("patch", "dnsrecord", "patched", "--type", "merge", "-p", """{"spec":{"ttl":120}}""").OkAsync();
        Assert.Equal("120", await _kubectl.RunAsync("get", "dnsrecord", "patched", "-o", "jsonpath={.spec.ttl}").OkAsync());
        await _kubectl.RunAsync("patch", "dnsrecord", "patched", "--type", "json", "-p", """[{"op":"replace","path":"/spec/values/0","value":"192.0.2.81"}]""").OkAsync();
        Assert.Equal("192.0.2.81", await _kubectl.RunAsync("get", "dnsrecord", "patched", "-o", "jsonpath={.spec.values[0]}").OkAsync());
        var generation = await _kubectl.RunAsync("get", "dnsrecord", "patched", "-o", "jsonpath={.metadata.generation}").OkAsync();
        Assert.Equal("3", generation);
    }

    [Fact]
    public async Task Server_side_apply_records_the_field_manager()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("ssa", "ssa", "A", "[192.0.2.90]"), "--server-side", "--field-manager", "e2e-test").OkAsync();
        var managers = await _kubectl.RunAsync("get", "dnsrecord", "ssa", "-o", "jsonpath={.metadata.managedFields[*].manager}").OkAsync();
        Assert.Contains("e2e-test", managers, StringComparison.Ordinal);
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("ssa", "ssa", "A", "[192.0.2.91]"), "--server-side", "--field-manager", "e2e-test").OkAsync();
        Assert.Equal("192.0.2.91", await _kubectl.RunAsync("get", "dnsrecord", "ssa", "-o", "jsonpath={.spec.values[0]}").OkAsync());
    }

    [Fact]
    public async Task Get_watch_streams_changes()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("watched", "watched", "A", "[192.0.2.100]")).OkAsync();
        using var watch = _kubectl.Start(["get", "dnsrecord", "watched", "-w", "-o", "jsonpath={.spec.ttl}{\"\\n\"}"]);
        try
        {
            var first = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("60", first);
            await _kubectl.RunAsync("patch", "dnsrecord", "watched", "--type", "merge", "-p", """{"spec":{"ttl":61}}""").OkAsync();
            string? line;
            do
                line = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            while (line is not null && line != "61");
            Assert.Equal("61", line);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Wait_for_Ready_then_describe_shows_events()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("described", "described", "A", "[192.0.2.110]")).OkAsync();
        await _kubectl.RunAsync("wait", "--for=condition=Ready", "dnsrecord/described", "--timeout=50s").OkAsync();
        var description = await Eventually.MatchAsync(
            () => _kubectl.RunAsync("describe", "dnsrecord", "described").OkAsync(),
            text => text.Contains("Events:", StringComparison.Ordinal) && !text.Contains("Events:  <none>", StringComparison.Ordinal),
            "an Event in kubectl describe");
        Assert.Contains("described.example.com.", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_waits_for_the_finalizer()
    {
        await _kubectl.ApplyAsync(KubectlResults.DnsRecord("deleted", "deleted", "A", "[192.0.2.120]")).OkAsync();
        await Eventually.MatchAsync(
            () => _kubectl.RunAsync("get", "dnsrecord", "deleted", "-o", "jsonpath={.metadata.finalizers}").OkAsync(),
            finalizers => finalizers.Contains("gureum.dev/finalizer", StringComparison.Ordinal),
            "the controller's finalizer");
        await _kubectl.RunAsync("delete", "dnsrecord", "deleted", "--timeout=50s").OkAsync();
        var gone = await _kubectl.RunAsync("get", "dnsrecord", "deleted");
        Assert.Contains("NotFound", gone.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_1_27_spot_checks()
    {
        var old = local.Kubectl("1.27");
        await old.RunAsync("apply", "-f", Path.Combine(Samples, "dnsrecord-txt.yaml")).OkAsync();
        Assert.Contains("dnsrecord.gureum.dev/apex-txt", await old.RunAsync("get", "gureum").OkAsync(), StringComparison.Ordinal);
        Assert.Contains("Time to live", await old.RunAsync("explain", "dnsrecord.spec.ttl").OkAsync(), StringComparison.Ordinal);
        await old.RunAsync("wait", "--for=condition=Ready", "dnsrecord/apex-txt", "--timeout=50s").OkAsync();
        Assert.Contains("apex-txt", await old.RunAsync("describe", "dnsrecord", "apex-txt").OkAsync(), StringComparison.Ordinal);
        var refused = await old.ApplyAsync(KubectlResults.DnsRecord("old-bad", "x", "A", "[192.0.2.1]").Replace("ttl: 60", "ttl: -1", StringComparison.Ordinal));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.ttl", refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_health_and_readiness_are_served()
    {
        using var http = new HttpClient { BaseAddress = local.Process.MetricsAddress };
        Assert.Equal("ok", (await http.GetStringAsync("/healthz")).Trim());
        await Eventually.MatchAsync(async () => (await http.GetAsync("/readyz")).StatusCode, code => code == System.Net.HttpStatusCode.OK, "/readyz 200");
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("gureum_queue_depth", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(Gureum.Local.Aws.AwsEmulator.TestSecretAccessKey, local.Process.Output, StringComparison.Ordinal);
    }
}
