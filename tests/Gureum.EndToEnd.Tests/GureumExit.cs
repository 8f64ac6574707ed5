using System.Diagnostics;

namespace Gureum.EndToEnd.Tests;

/// <summary>What a <c>gureum</c> that was expected to stop by itself printed, and its exit code.</summary>
internal sealed record GureumExit(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>A stopped start-up has no business running longer than this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string Output => StdOut + StdErr;

    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";

    /// <summary>
    /// Runs gureum to its end in a controlled environment: none of this process's AWS_* or KUBECONFIG
    /// variables, HOME an empty folder (no ~/.aws, no ~/.kube), instance metadata off so the AWS SDK's
    /// chain cannot wait on it; then <paramref name="environment"/> on top.
    /// </summary>
    public static async Task<GureumExit> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var home = Directory.CreateTempSubdirectory("gureum-e2e-home-");
        try
        {
            var info = GureumLocalProcess.StartInfo(args, new Dictionary<string, string>());
            foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("AWS_", StringComparison.Ordinal) || name == "KUBECONFIG").ToList())
                info.Environment.Remove(name);
            info.Environment["HOME"] = home.FullName;
            info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            foreach (var (name, value) in environment)
                info.Environment[name] = value;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("gureum did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"gureum {string.Join(' ', args)} still ran after {Timeout}:\n{await stdout}{await stderr}");
            }
            return new GureumExit(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
