using Gureum.Testing;
using k8s;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

/// <summary>A fresh sandbox per test with the Widget test CRD installed: the common ground of the HTTP tests.</summary>
public abstract class WidgetSandboxTests : IAsyncLifetime
{
    protected SandboxFixture Sandbox { get; } = new();

    protected IKubernetes Client => Sandbox.Client;

    public async Task InitializeAsync()
    {
        await Sandbox.InitializeAsync();
        await Widgets.InstallAsync(Client);
    }

    public Task DisposeAsync() => Sandbox.DisposeAsync();
}
