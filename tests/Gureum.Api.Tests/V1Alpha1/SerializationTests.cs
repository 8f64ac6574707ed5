using System.Text.Json.Nodes;
using Gureum.Api.V1Alpha1;
using Gureum.Testing;
using k8s;
using Xunit;

namespace Gureum.Api.Tests.V1Alpha1;

public sealed class SerializationTests
{
    [Fact]
    public void DnsRecord_round_trips_through_KubernetesJson_with_wire_names()
    {
        var record = TestObjects.DnsRecord("www").WithValues("192.0.2.1").Weighted("blue", 10).WithFinalizer()
            .WithStatus(new DnsRecordStatus
            {
                Fqdn = "www.example.com.",
                Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = ConditionReasons.Available, LastTransitionTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) }],
            }).Build();

        var json = JsonNode.Parse(KubernetesJson.Serialize(record))!;
        Assert.Equal("gureum.dev/v1alpha1", json["apiVersion"]!.GetValue<string>());
        Assert.Equal("DnsRecord", json["kind"]!.GetValue<string>());
        Assert.Equal("A", json["spec"]!["type"]!.GetValue<string>());
        Assert.Equal("Delete", json["spec"]!["deletionPolicy"]!.GetValue<string>());
        Assert.Equal("True", json["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
        Assert.Null(json["spec"]!["alias"]);
        Assert.Null(json["spec"]!["ttl"]);
        Assert.Null(json["spec"]!["effectiveTtl"]);

        var back = KubernetesJson.Deserialize<DnsRecord>(json.ToJsonString());
        Assert.Equal(record.Spec.Values, back.Spec.Values);
        Assert.Equal(record.Spec with { Values = back.Spec.Values }, back.Spec);
        Assert.Equal("www.example.com.", back.Status!.Fqdn);
        Assert.Equal(record.Status!.Conditions![0], back.Status.Conditions![0]);
        Assert.Equal(["gureum.dev/finalizer"], back.Metadata.Finalizers);
    }

    [Theory]
    [InlineData("""{"type":"network","scheme":"internal","targetType":"ip"}""", LoadBalancerType.Network, LoadBalancerScheme.Internal, TargetType.Ip)]
    [InlineData("""{"type":"application","scheme":"internet-facing","targetType":"instance"}""", LoadBalancerType.Application, LoadBalancerScheme.InternetFacing, TargetType.Instance)]
    public void LoadBalancer_enums_use_their_wire_strings(string values, LoadBalancerType type, LoadBalancerScheme scheme, TargetType targetType)
    {
        var v = JsonNode.Parse(values)!;
        var yaml = $$"""
            apiVersion: gureum.dev/v1alpha1
            kind: LoadBalancer
            metadata: {name: web}
            spec:
              type: {{v["type"]}}
              scheme: {{v["scheme"]}}
              subnetIds: [subnet-1]
              listeners: [{port: 80, protocol: HTTP}]
              targetGroup: {port: 80, protocol: HTTP, targetType: {{v["targetType"]}}}
            """;
        var lb = GureumYaml.Deserialize<LoadBalancer>(yaml);
        Assert.Equal((type, scheme, targetType), (lb.Spec.Type, lb.Spec.Scheme, lb.Spec.TargetGroup.TargetType));
        var json = JsonNode.Parse(KubernetesJson.Serialize(lb))!["spec"]!;
        Assert.Equal(v["scheme"]!.GetValue<string>(), json["scheme"]!.GetValue<string>());
        Assert.Equal(v["targetType"]!.GetValue<string>(), json["targetGroup"]!["targetType"]!.GetValue<string>());
    }

    [Fact]
    public void IamRole_policy_documents_stay_free_form()
    {
        var json = """
            {"apiVersion":"gureum.dev/v1alpha1","kind":"IamRole","metadata":{"name":"r"},
             "spec":{"assumeRolePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]},
                     "inlinePolicies":{"s3":{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}}}}
            """;
        var role = KubernetesJson.Deserialize<IamRole>(json);
        Assert.Equal("sts:AssumeRole", role.Spec.AssumeRolePolicy!["Statement"]![0]!["Action"]!.GetValue<string>());
        Assert.Equal(3600, role.Spec.MaxSessionDurationSeconds);
        var again = JsonNode.Parse(KubernetesJson.Serialize(role))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json)!["spec"]!["inlinePolicies"], again["spec"]!["inlinePolicies"]));
    }

    [Fact]
    public void List_envelope_deserialises()
    {
        var list = KubernetesJson.Deserialize<GureumResourceList<Rollout>>(
            """{"apiVersion":"gureum.dev/v1alpha1","kind":"RolloutList","metadata":{"resourceVersion":"7"},"items":[""" +
            KubernetesJson.Serialize(TestObjects.Rollout("web").Build()) + "]}");
        Assert.Equal("7", list.Metadata.ResourceVersion);
        Assert.Equal("web", Assert.Single(list.Items).Metadata.Name);
    }
}
