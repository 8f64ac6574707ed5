using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Gureum.Testing;

namespace Gureum.EndToEnd.Tests;

/// <summary>The real <c>gureum</c> as a child process, read through its stdout (plain mode: not a terminal).</summary>
internal sealed class GureumLocalProcess : IAsyncDisposable
{
    private const string LocalReadyPrefix = "gureum local ready:";
    private const string RunReadyPrefix = "gureum run ready:";
    private readonly string _readyPrefix;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GureumLocalProcess(Process process, string readyPrefix)
    {
        _process = process;
        _readyPrefix = readyPrefix;
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

    public int Pid => _process.Id;

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

    public static Task<GureumLocalProcess> StartAsync(string stateDir, params string[] extraArgs) =>
        StartAsync(stateDir, new Dictionary<string, string>(), extraArgs);

    public static async Task<GureumLocalProcess> StartAsync(string stateDir, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var started = Start(["local", "--state-dir", stateDir, "--port", "0", "--aws-port", "0", .. extraArgs], LocalReadyPrefix, environment);
        try
        {
            var fields = Fields(await started._ready.Task.WaitAsync(TimeSpan.FromSeconds(120)), LocalReadyPrefix);
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

    /// <summary><c>gureum run</c> with the given flags and environment (AWS_ENDPOINT_URL, keys, region).</summary>
    public static async Task<GureumLocalProcess> StartRunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var started = Start(["run", .. args], RunReadyPrefix, environment);
        try
        {
            var fields = Fields(await started._ready.Task.WaitAsync(TimeSpan.FromSeconds(120)), RunReadyPrefix);
            started.MetricsAddress = new Uri(fields["metrics"]);
            return started;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            var output = started.Output;
            await started.DisposeAsync();
            throw new InvalidOperationException($"gureum run did not start:\n{output}", exception);
        }
    }

    private static Dictionary<string, string> Fields(string line, string prefix) =>
        line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => field.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

    private static GureumLocalProcess Start(IEnumerable<string> args, string readyPrefix, IReadOnlyDictionary<string, string> environment) =>
        new(Process.Start(StartInfo(args, environment)) ?? throw new InvalidOperationException("gureum did not start"), readyPrefix);

    /// <summary>
    /// A shell starts background jobs with SIGINT and SIGQUIT ignored, and a process keeps an ignored signal across exec
    /// (.NET, as nohup expects, does not take it back): a test run started with <c>&amp;</c> would start gureum deaf to
    /// Ctrl-C. GNU env's <c>--default-signal</c> gives gureum the default disposition, as a terminal's foreground has.
    /// </summary>
    private static readonly Lazy<bool> EnvResetsSignals = new(() =>
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT,QUIT", "true"])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            });
            probe!.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary><c>dotnet gureum.dll ARGS</c> from the repository root, with <paramref name="environment"/> laid over this process's.</summary>
    internal static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(EnvResetsSignals.Value ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepoRoot.Path,
        };
        if (EnvResetsSignals.Value)
            foreach (var arg in new[] { "--default-signal=INT,QUIT", "dotnet" })
                info.ArgumentList.Add(arg);
        info.ArgumentList.Add(DllPath());
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        return info;
    }

    public Kubectl Kubectl(string version = "1.32") => new(KubeconfigPath, version);

    /// <summary>SIGTERM (as Kubernetes and systemd stop processes) or another signal (INT: Ctrl-C); returns the exit code.</summary>
    public async Task<int> TerminateAsync(string signal = "TERM")
    {
        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // What it printed says where it stopped (an ignored SIGINT, before EnvResetsSignals, printed nothing after ready).
            throw new TimeoutException($"gureum local did not exit within 90 s of SIG{signal}; its output:{Environment.NewLine}{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no clean-up runs, as when the OOM killer or a crash ends it.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
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
        if (line.StartsWith(_readyPrefix, StringComparison.Ordinal))
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
