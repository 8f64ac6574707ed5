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
        foreach (var kind in new[] { Widget.Kind, Gadget })
        {
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition(kind));
            await Eventually.True(
                async () =>
                {
                    try
                    {
                        await Client.CustomObjects.ListNamespacedCustomObjectAsync(kind.Group, kind.Version, "default", kind.Plural);
                        return true;
                    }
                    catch (k8s.Autorest.HttpOperationException)
                    {
                        return false;
                    }
                },
                $"the {kind.Kind} CRD is served");
        }
    }

    /// <summary>A second kind with the Widget shape, for watches of another kind.</summary>
    public static readonly ResourceKind Gadget = new("test.gureum.dev", "v1", "gadgets", "Gadget");

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public Task<Widget> CreateAsync(Widget widget, ResourceKind? kind = null)
    {
        kind ??= Widget.Kind;
        widget.ApiVersion = kind.ApiVersion;
        widget.Kind_ = kind.Kind;
        return Client.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(
            widget, kind.Group, kind.Version, widget.Metadata.NamespaceProperty, kind.Plural);
    }

    public Task<Widget> GetAsync(string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<Widget>(
            Widget.Kind.Group, Widget.Kind.Version, "default", Widget.Kind.Plural, name);

    public Task DeleteAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            Widget.Kind.Group, Widget.Kind.Version, "default", Widget.Kind.Plural, name);

    private static V1CustomResourceDefinition Definition(ResourceKind kind)
    {
        var preserve = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = $"{kind.Plural}.{kind.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = kind.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Plural = kind.Plural,
                    Singular = kind.Kind.ToLowerInvariant(),
                    Kind = kind.Kind,
                    ListKind = kind.Kind + "List",
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = kind.Version,
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
