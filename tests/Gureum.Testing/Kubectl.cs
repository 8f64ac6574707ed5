using System.Diagnostics;
using System.Text;

namespace Gureum.Testing;

public sealed record KubectlResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>Runs the real kubectl (a chosen version: "1.32", "1.27", ...) against a kubeconfig.</summary>
public sealed class Kubectl(string kubeconfigPath, string version = "1.32")
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public string Version { get; } = version;

    /// <summary>kubectl.VERSION beside the kubectl on PATH (its link target's folder).</summary>
    public static string BinaryPath(string version)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("kubectl is not on PATH");
        var target = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        var versioned = Path.Combine(Path.GetDirectoryName(target)!, $"kubectl.{version}");
        return File.Exists(versioned) ? versioned : throw new FileNotFoundException($"no kubectl {version} at {versioned}");
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, stdin: null, CancellationToken.None);

    public async Task<KubectlResult> RunAsync(IEnumerable<string> args, string? stdin, CancellationToken cancellationToken)
    {
        using var process = Start(args, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (get -w, delete --wait); the caller reads and kills it.</summary>
    public Process Start(IEnumerable<string> args, bool redirectStdin = false)
    {
        var info = new ProcessStartInfo(BinaryPath(Version))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfigPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Discovery cache per test run keeps versions from reading each other's cache.
        info.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(kubeconfigPath)!, $"cache-{Version}");
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }
}
