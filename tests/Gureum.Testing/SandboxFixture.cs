using Gureum.Local.Kubernetes;
using k8s;
using Xunit;

namespace Gureum.Testing;

/// <summary>A running sandbox API server with a configured client and a kubeconfig for kubectl.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxApiServer? _server;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "gureum-sandbox-" + Guid.NewGuid().ToString("N"));

    public SandboxApiServer Server => _server ?? throw new InvalidOperationException("not started");

    public Kubernetes Client { get; private set; } = null!;

    public string KubeconfigPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        _server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions(), CancellationToken.None);
        KubeconfigPath = _server.WriteKubeconfig(Path.Combine(Directory, "kubeconfig"));
        Client = CreateClient(_server);
    }

    public static Kubernetes CreateClient(SandboxApiServer server) =>
        new(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString(), AccessToken = server.Token });

    public Kubectl Kubectl(string version = "1.32") => new(KubeconfigPath, version);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl still writing its cache; the temp folder is harmless.
        }
    }
}
