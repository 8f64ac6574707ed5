using Gureum.Local.Kubernetes;
using Gureum.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Xunit;

namespace Gureum.Runtime.Tests.Sandbox;

/// <summary>One sandbox API server per test class, with the Widget CRD registered.</summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private int _names;

    public SandboxApiServer Server { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public IKubernetes NewClient() => new Kubernetes(new KubernetesClientConfiguration
    {
        Host = Server.BaseAddress.ToString(),
        AccessToken = Server.Token,
    });

    /// <summary>A name no other test of the class uses.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}";

    public async Task InitializeAsync()
    {
        Server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions(), CancellationToken.None);
        Client = NewClient();
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(WidgetDefinition());
        await Eventually.True(
            async () =>
            {
                try
                {
                    await Client.CustomObjects.ListNamespacedCustomObjectAsync(
                        Widget.Kind.Group, Widget.Kind.Version, "default", Widget.Kind.Plural);
                    return true;
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    return false;
                }
            },
            "the Widget CRD is served");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public Task<Widget> CreateAsync(Widget widget) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(
            widget, Widget.Kind.Group, Widget.Kind.Version, widget.Metadata.NamespaceProperty, Widget.Kind.Plural);

    public Task<Widget> GetAsync(string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<Widget>(
            Widget.Kind.Group, Widget.Kind.Version, "default", Widget.Kind.Plural, name);

    public Task DeleteAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            Widget.Kind.Group, Widget.Kind.Version, "default", Widget.Kind.Plural, name);

    private static V1CustomResourceDefinition WidgetDefinition()
    {
        var preserve = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = $"{Widget.Kind.Plural}.{Widget.Kind.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = Widget.Kind.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Plural = Widget.Kind.Plural,
                    Singular = "widget",
                    Kind = Widget.Kind.Kind,
                    ListKind = Widget.Kind.Kind + "List",
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = Widget.Kind.Version,
                        Served = true,
                        Storage = true,
                        Subresources = new V1CustomResourceSubresources { Status = new object() },
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Properties = new Dictionary<string, V1JSONSchemaProps>
                                {
                                    ["spec"] = preserve,
                                    ["status"] = preserve,
                                },
                            },
                        },
                    },
                ],
            },
        };
    }
}
