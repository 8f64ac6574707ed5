using Gureum.Api.Crds;
using Gureum.Api.V1Alpha1;
using Gureum.Local.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gureum.Benchmarks.Harness;

/// <summary>The sandbox Kubernetes API on 127.0.0.1 with Gureum's CRDs served, and a client for it.</summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private LocalCluster(SandboxApiServer server, Kubernetes client)
    {
        Server = server;
        Client = client;
    }

    public SandboxApiServer Server { get; }

    public Kubernetes Client { get; }

    /// <summary>A separate client (its own connections), as another process would have.</summary>
    public Kubernetes NewClient() => ClientFor(Server);

    /// <summary>Writes a kubeconfig for this sandbox to the temp folder, for <c>gureum run</c> processes; <paramref name="label"/>
    /// keeps the files of benchmarks running at once apart.</summary>
    public string WriteKubeconfig(string label) =>
        Server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"gureum-bench-{label}-{Environment.ProcessId}.kubeconfig"));

    /// <summary>Starts the sandbox (persisting to <paramref name="stateDir"/> when given) and installs Gureum's CRDs.</summary>
    public static async Task<LocalCluster> StartAsync(CancellationToken cancellationToken, string? stateDir = null, bool installCrds = true)
    {
        var server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { StateDir = stateDir }, cancellationToken);
        var client = ClientFor(server);
        if (installCrds)
        {
            foreach (var kind in GureumKinds.All)
                await InstallAsync(client, kind, cancellationToken);
        }
        return new LocalCluster(server, client);
    }

    private static Kubernetes ClientFor(SandboxApiServer server) => new(new KubernetesClientConfiguration
    {
        Host = server.BaseAddress.ToString(),
        AccessToken = server.Token,
    });

    private static async Task InstallAsync(Kubernetes client, Api.V1Alpha1.KindDefinition kind, CancellationToken cancellationToken)
    {
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdGenerator.BuildCrd(kind).ToJsonString());
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await client.CustomObjects.ListNamespacedCustomObjectAsync(
                    kind.Group, kind.Version, "default", kind.Plural, limit: 1, cancellationToken: deadline.Token);
                return;
            }
            catch (HttpOperationException)
            {
                // Not served yet.
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
