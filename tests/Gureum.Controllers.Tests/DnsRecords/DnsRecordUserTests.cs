using k8s;
using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Tests.Support;
using Gureum.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

/// <summary>What a user editing DnsRecords with the real kubectl sees: edits are updates, never drift.</summary>
public sealed class DnsRecordUserTests(DnsControllerFixture env) : IClassFixture<DnsControllerFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gureum-kubectl-").FullName;

    private Kubectl Kubectl()
    {
        var path = Path.Combine(_folder, "kubeconfig");
        if (!File.Exists(path))
            env.Server.WriteKubeconfig(path);
        return new Kubectl(path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Condition Drifted(DnsRecord record) => DnsControllerFixture.ConditionOf(record, ConditionTypes.Drifted)!;

    [Theory]
    [InlineData(DriftPolicy.Correct)]
    [InlineData(DriftPolicy.Report)]
    public async Task Editing_values_and_ttl_is_an_update_not_drift(DriftPolicy policy)
    {
        var name = env.UniqueName("edit-" + policy.ToString().ToLowerInvariant());
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.70").WithTtl(300).WithSpec(s => s with { DriftPolicy = policy }).Build());
        var before = await env.WaitReadyAsync(name);
        var driftedSince = Drifted(before).LastTransitionTime;
        // Condition times have whole seconds: let one pass so a flip during the edit would show.
        await Eventually.True(() => Task.FromResult(DateTime.UtcNow >= driftedSince!.Value.AddSeconds(1.2)), "a second has passed");

        var patched = await Kubectl().RunAsync("patch", "dnsrecord", name, "-n", DnsControllerFixture.Namespace, "--type=merge",
            "-p", """{"spec":{"values":["192.0.2.71","192.0.2.72"],"ttl":60}}""");
        Assert.True(patched.ExitCode == 0, patched.ToString());

        var fqdn = $"{name}.example.com.";
        await Eventually.True(async () => (await env.FindAsync(fqdn, "A")) is { Ttl: 60, Values.Count: 2 }, "Route53 has the new values");
        var after = await env.WaitForAsync(name, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.InSync);
        Assert.Equal(after.Metadata.Generation, after.Status!.SyncedGeneration);
        Assert.Equal(ConditionStatus.False, Drifted(after).Status);
        Assert.Equal(driftedSince, Drifted(after).LastTransitionTime);
        var events = await env.EventsOfAsync(name);
        Assert.Contains(events, e => e.Reason == "Updated" && e.Type == "Normal");
        Assert.DoesNotContain(events, e => e.Reason is "DriftDetected" or "DriftCorrected");
    }

    [Fact]
    public async Task An_invalid_spec_stalls_once_and_is_not_retried_by_the_resync()
    {
        var name = env.UniqueName("invalid");
        await env.CreateAsync(TestObjects.DnsRecord(name).OfType(DnsRecordType.CNAME).WithValues("a.example.org", "b.example.org").Build());

        var stalled = await env.WaitForAsync(name, ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.InvalidSpec);
        Assert.Equal(ConditionStatus.Unknown, Drifted(stalled).Status);
        Assert.DoesNotContain("matches", Drifted(stalled).Message, StringComparison.Ordinal);
        // The fixture resyncs every 2 s: three intervals later there is still one Warning, counted once.
        var first = (await env.EventsOfAsync(name)).Single(e => e.Reason == ConditionReasons.InvalidSpec);
        var since = DateTime.UtcNow;
        await Eventually.True(() => Task.FromResult(DateTime.UtcNow >= since.AddSeconds(6)), "three resyncs have passed", TimeSpan.FromSeconds(20));
        var later = (await env.EventsOfAsync(name)).Where(e => e.Reason == ConditionReasons.InvalidSpec).ToList();
        Assert.Equal(first.Count ?? 1, Assert.Single(later).Count ?? 1);

        await env.PatchAsync(name, """{"spec":{"values":["a.example.org"]}}""");
        await env.WaitReadyAsync(name);
    }

    [Fact]
    public async Task Waiting_for_a_dependency_is_Reconciling_and_names_it()
    {
        var name = env.UniqueName("alias-wait");
        await env.CreateAsync(TestObjects.DnsRecord(name).AliasTo("missing-lb").Build());

        var waiting = await env.WaitForAsync(name, ConditionTypes.Reconciling, ConditionStatus.True, ConditionReasons.DependencyNotReady);

        Assert.Contains("LoadBalancer missing-lb", DnsControllerFixture.ConditionOf(waiting, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.False, DnsControllerFixture.ConditionOf(waiting, ConditionTypes.Stalled)!.Status);
    }

    [Fact]
    public async Task A_weighted_record_s_ownership_mark_follows_its_weight()
    {
        var name = env.UniqueName("weight");
        await env.CreateAsync(TestObjects.DnsRecord(name).WithValues("192.0.2.80").Weighted("blue", 90).Build());
        await env.WaitReadyAsync(name);

        await env.PatchAsync(name, """{"spec":{"weight":20}}""");

        await Eventually.True(async () => (await env.FindAsync($"{name}.example.com.", "A", "blue"))?.Weight == 20, "the record has the new weight");
        await Eventually.True(async () => (await env.FindAsync($"gureum-a-{name}.example.com.", "TXT", "blue"))?.Weight == 20, "its mark has the new weight");
    }
}
