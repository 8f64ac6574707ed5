using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes.Schema;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes.Schema;

public sealed class OpenApiDocumentsTests
{
    internal static readonly OpenApiKind DnsRecord = new("gureum.dev", "v1alpha1", "DnsRecord", "dnsrecords", true,
        JsonNode.Parse("""
        {"type":"object","description":"A DNS record.","properties":{
          "spec":{"type":"object","properties":{"ttl":{"type":"integer","description":"Time to live in seconds."}}},
          "status":{"type":"object"}}}
        """)!.AsObject(), HasStatusSubresource: true);

    [Theory]
    [InlineData("gureum.dev", "v1alpha1", "DnsRecord", "dev.gureum.v1alpha1.DnsRecord", "apis/gureum.dev/v1alpha1")]
    [InlineData("", "v1", "ConfigMap", "io.k8s.api.core.v1.ConfigMap", "api/v1")]
    [InlineData("coordination.k8s.io", "v1", "Lease", "io.k8s.api.coordination.v1.Lease", "apis/coordination.k8s.io/v1")]
    [InlineData("events.k8s.io", "v1", "Event", "io.k8s.api.events.v1.Event", "apis/events.k8s.io/v1")]
    [InlineData("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition", "apis/apiextensions.k8s.io/v1")]
    public void Names_follow_kube_apiserver(string group, string version, string kind, string schemaName, string pathKey)
    {
        Assert.Equal(schemaName, OpenApiDocuments.SchemaName(group, version, kind));
        Assert.Equal(pathKey, OpenApiDocuments.PathKey(group, version));
    }

    [Fact]
    public void GroupVersionDocument_carries_the_schema_with_gvk_and_metadata_ref()
    {
        var document = OpenApiDocuments.GroupVersionDocument("gureum.dev", "v1alpha1", [DnsRecord]);

        var schema = document["components"]!["schemas"]!["dev.gureum.v1alpha1.DnsRecord"]!;
        Assert.Equal("Time to live in seconds.", schema["properties"]!["spec"]!["properties"]!["ttl"]!["description"]!.GetValue<string>());
        Assert.Equal("""[{"group":"gureum.dev","kind":"DnsRecord","version":"v1alpha1"}]""", schema["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", schema["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["schemas"]![OpenApiDocuments.ObjectMetaName]!["properties"]!["labels"]);
        Assert.Null(DnsRecord.Schema["properties"]!["metadata"]);
    }

    [Fact]
    public void Patch_operation_declares_field_validation_and_no_strategic_merge()
    {
        // kubectl's fieldValidation support check looks for exactly this on the PATCH operation of the GVK.
        var document = OpenApiDocuments.GroupVersionDocument("gureum.dev", "v1alpha1", [DnsRecord]);

        var patch = document["paths"]!["/apis/gureum.dev/v1alpha1/namespaces/{namespace}/dnsrecords/{name}"]!["patch"]!;
        Assert.Equal("DnsRecord", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        var mediaTypes = patch["requestBody"]!["content"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"], mediaTypes);
        Assert.NotNull(document["paths"]!["/apis/gureum.dev/v1alpha1/namespaces/{namespace}/dnsrecords/{name}/status"]);
    }

    [Fact]
    public void Cluster_scoped_kinds_have_no_namespace_segment()
    {
        var document = OpenApiDocuments.GroupVersionDocument("", "v1", BuiltInKinds.All.Where(k => k.Kind == "Namespace"));

        Assert.Equal(["/api/v1/namespaces", "/api/v1/namespaces/{name}"], document["paths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Index_points_at_each_document_with_a_content_hash()
    {
        var first = OpenApiDocuments.GroupVersionDocument("gureum.dev", "v1alpha1", [DnsRecord]);
        var second = OpenApiDocuments.GroupVersionDocument("gureum.dev", "v1alpha1", [DnsRecord with { Kind = "Other", Plural = "others" }]);

        var index = OpenApiDocuments.Index(new Dictionary<string, JsonObject> { ["apis/gureum.dev/v1alpha1"] = first });
        var changed = OpenApiDocuments.Index(new Dictionary<string, JsonObject> { ["apis/gureum.dev/v1alpha1"] = second });

        var url = index["paths"]!["apis/gureum.dev/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.Equal($"/openapi/v3/apis/gureum.dev/v1alpha1?hash={OpenApiDocuments.Hash(first)}", url);
        Assert.NotEqual(url, changed["paths"]!["apis/gureum.dev/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>());
    }

    [Fact]
    public void MinimalV2Protobuf_encodes_swagger_info_and_paths()
    {
        var bytes = OpenApiDocuments.MinimalV2Protobuf();

        Assert.Equal(
            "0A03322E30" + "1215" + "0A0A4B756265726E65746573" + "120776312E33322E30" + "4200",
            Convert.ToHexString(bytes));
    }

    [Fact]
    public void Built_in_kinds_cover_what_the_sandbox_serves()
    {
        Assert.Equal(
            ["/v1/ConfigMap", "/v1/Event", "/v1/Namespace", "/v1/Secret", "apiextensions.k8s.io/v1/CustomResourceDefinition", "coordination.k8s.io/v1/Lease", "events.k8s.io/v1/Event"],
            BuiltInKinds.All.Select(k => $"{k.Group}/{k.Version}/{k.Kind}").Order(StringComparer.Ordinal));
    }
}
