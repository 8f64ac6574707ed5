using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Gureum.Local.Tests.Kubernetes;

/// <summary>A small namespaced test CRD with a status subresource, printer columns and a schema.</summary>
internal static class Widgets
{
    public const string Group = "test.gureum.io";
    public const string Version = "v1";
    public const string Plural = "widgets";
    public const string ApiVersion = Group + "/" + Version;

    public const string CrdYaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.test.gureum.io
        spec:
          group: test.gureum.io
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [gureum]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Color, type: string, jsonPath: .spec.color}
            schema:
              openAPIV3Schema:
                type: object
                description: A widget for tests.
                properties:
                  spec:
                    type: object
                    description: What the widget should be.
                    properties:
                      size: {type: integer, minimum: 1, maximum: 10, default: 3, description: How big the widget is.}
                      color: {type: string, description: The widget colour.}
                  status:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
        """;

    public static V1CustomResourceDefinition Crd => KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdYaml);

    public static JsonObject New(string name, int size = 2, string color = "red", string ns = "default") => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["size"] = size, ["color"] = color },
    };

    public static string Yaml(string name, int size = 2, string color = "red", string labels = "{}", string extraSpec = "") => $$"""
        apiVersion: test.gureum.io/v1
        kind: Widget
        metadata: {name: {{name}}, labels: {{labels}}}
        spec: {size: {{size}}, color: {{color}}{{extraSpec}}}
        """;

    public static async Task InstallAsync(IKubernetes client)
    {
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Crd);
    }

    public static Task<JsonObject> CreateAsync(IKubernetes client, JsonObject widget, string ns = "default") =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(widget, Group, Version, ns, Plural);

    public static Task<JsonObject> GetAsync(IKubernetes client, string name, string ns = "default") =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(Group, Version, ns, Plural, name);

    public static Task<JsonObject> ReplaceAsync(IKubernetes client, JsonObject widget, string ns = "default") =>
        client.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonObject>(widget, Group, Version, ns, Plural, widget["metadata"]!["name"]!.GetValue<string>());

    public static Task<JsonObject> MergePatchAsync(IKubernetes client, string name, string patchJson, string ns = "default") =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(new V1Patch(patchJson, V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, name);

    public static Task<JsonObject> MergePatchStatusAsync(IKubernetes client, string name, string patchJson, string ns = "default") =>
        client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonObject>(new V1Patch(patchJson, V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, name);

    public static Task<JsonObject> DeleteAsync(IKubernetes client, string name, string ns = "default", string? propagationPolicy = null) =>
        client.CustomObjects.DeleteNamespacedCustomObjectAsync<JsonObject>(Group, Version, ns, Plural, name, propagationPolicy: propagationPolicy);

    public static async Task<IReadOnlyList<string>> NamesAsync(IKubernetes client, string ns = "default", string? labelSelector = null, string? fieldSelector = null)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Group, Version, ns, Plural, labelSelector: labelSelector, fieldSelector: fieldSelector);
        return [.. list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
    }

    public static string Rv(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    public static long Generation(JsonObject obj) => long.Parse(obj["metadata"]!["generation"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
}
