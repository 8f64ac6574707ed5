using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>One <c>gureum local</c> per test class, in its own temporary state dir; always killed and removed.</summary>
public class GureumLocalFixture : IAsyncLifetime
{
    private GureumLocalProcess? _process;

    public string StateDir { get; } = Path.Combine(Path.GetTempPath(), "gureum-e2e-" + Guid.NewGuid().ToString("N"));

    internal GureumLocalProcess Process => _process ?? throw new InvalidOperationException("not started");

    /// <summary>Flags beyond the state dir and ports; the drift interval is short so tests see drift handled soon.</summary>
    protected virtual string[] Arguments => ["--drift-interval", "3s", "--clock-speedup", "20", "--live", "false"];

    public Kubectl Kubectl(string version = "1.32") => Process.Kubectl(version);

    public async Task InitializeAsync() => _process = await GureumLocalProcess.StartAsync(StateDir, Arguments);

    /// <summary>SIGTERM, then a new process on the same state dir; returns the first one's exit code.</summary>
    internal async Task<int> RestartAsync()
    {
        var exit = await Process.TerminateAsync();
        await Process.DisposeAsync();
        _process = await GureumLocalProcess.StartAsync(StateDir, Arguments);
        return exit;
    }

    /// <summary>SIGKILL (no clean-up runs, as after an OOM kill), then a new process on the same state dir.</summary>
    internal async Task KillAndRestartAsync()
    {
        await Process.KillAsync();
        await Process.DisposeAsync();
        _process = await GureumLocalProcess.StartAsync(StateDir, Arguments);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
            await _process.DisposeAsync();
        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl still writing its cache; the temp folder is harmless.
        }
    }
}
