using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Gureum.Testing;

namespace Gureum.EndToEnd.Tests;

/// <summary>The real <c>gureum local</c> as a child process, read through its stdout (plain mode: not a terminal).</summary>
internal sealed class GureumLocalProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "gureum local ready:";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GureumLocalProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string KubeconfigPath { get; private set; } = "";

    public string AwsEnvPath { get; private set; } = "";

    public Uri MetricsAddress { get; private set; } = null!;

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>gureum.dll of the same build configuration as this test assembly.</summary>
    public static string DllPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Parent?.Name ?? "Debug";
        var built = RepoRoot.Combine("src", "Gureum.Operator", "bin", configuration, "net10.0", "gureum.dll");
        if (File.Exists(built))
            return built;
        var copied = Path.Combine(AppContext.BaseDirectory, "gureum.dll");
        return File.Exists(copied) ? copied : throw new FileNotFoundException("gureum.dll not built", built);
    }

    public static async Task<GureumLocalProcess> StartAsync(string stateDir, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepoRoot.Path,
        };
        foreach (var arg in new[] { DllPath(), "local", "--state-dir", stateDir, "--port", "0", "--aws-port", "0" }.Concat(extraArgs))
            info.ArgumentList.Add(arg);
        var started = new GureumLocalProcess(Process.Start(info) ?? throw new InvalidOperationException("gureum did not start"));
        try
        {
            var line = await started._ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
            var fields = line[ReadyPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(field => field.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
            started.KubeconfigPath = fields["kubeconfig"];
            started.AwsEnvPath = fields["aws-env"];
            started.MetricsAddress = new Uri(fields["metrics"]);
            return started;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            var output = started.Output;
            await started.DisposeAsync();
            throw new InvalidOperationException($"gureum local did not become ready:\n{output}", exception);
        }
    }

    public Kubectl Kubectl(string version = "1.32") => new(KubeconfigPath, version);

    /// <summary>SIGTERM, as Kubernetes and systemd stop processes; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public bool OutputContains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _ready.TrySetException(new InvalidOperationException("gureum local closed its output"));
            return;
        }
        _lines.Enqueue(line);
        if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            _ready.TrySetResult(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
