using Gureum.Testing;
using System.Text.Json.Nodes;
using Gureum.Api.V1Alpha1;
using Gureum.Api.Validation;
using Xunit;

namespace Gureum.Api.Tests;

public sealed class SamplesTests
{
    private static IEnumerable<string> SampleFiles =>
        Directory.GetFiles(Path.Combine(RepoRoot.Path, "deploy", "samples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Samples => new(SampleFiles);

    [Theory, MemberData(nameof(Samples))]
    public void Sample_is_a_namespaceless_object_that_passes_semantic_validation(string file)
    {
        var yaml = File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy", "samples", file));
        var json = GureumYaml.ToJson(yaml);
        Assert.Null(json["metadata"]!["namespace"]);
        var errors = json["kind"]!.GetValue<string>() switch
        {
            DnsRecord.KindName => DnsRecordValidator.Validate(GureumYaml.Deserialize<DnsRecord>(yaml).Spec),
            IamRole.KindName => IamRoleValidator.Validate(GureumYaml.Deserialize<IamRole>(yaml).Spec),
            LoadBalancer.KindName => LoadBalancerValidator.Validate(GureumYaml.Deserialize<LoadBalancer>(yaml).Spec),
            InstanceGroup.KindName => InstanceGroupValidator.Validate(GureumYaml.Deserialize<InstanceGroup>(yaml).Spec),
            Rollout.KindName => RolloutValidator.Validate(GureumYaml.Deserialize<Rollout>(yaml).Spec),
            var other => throw new InvalidOperationException($"unknown kind {other}"),
        };
        Assert.Empty(errors);
    }

    [Fact]
    public void Every_kind_and_every_dns_record_type_has_a_sample()
    {
        var objects = SampleFiles.Select(f => GureumYaml.ToJson(File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy", "samples", f)))).ToList();
        Assert.Equal(GureumKinds.All.Select(k => k.Kind).Order(), objects.Select(o => o["kind"]!.GetValue<string>()).Distinct().Order());
        var records = objects.Where(o => o["kind"]!.GetValue<string>() == DnsRecord.KindName).Select(o => o["spec"]!).ToList();
        foreach (var type in new[] { "A", "AAAA", "CNAME", "TXT", "MX" })
            Assert.Contains(records, r => r["type"]!.GetValue<string>() == type && r["values"] is JsonArray);
        Assert.Contains(records, r => r["alias"]?["dnsName"] is not null);
        Assert.True(records.Count(r => r["weight"] is not null) >= 2);
    }
}
