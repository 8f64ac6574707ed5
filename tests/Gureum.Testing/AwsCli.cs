using System.Diagnostics;
using Gureum.Local.Aws;

namespace Gureum.Testing;

public sealed record AwsCliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>Runs the installed AWS CLI against an emulator: the code we did not write reads our wire
/// format exactly as users' boto3 scripts will. Only the emulator's test keys reach the process, and
/// no profile or instance metadata is consulted.</summary>
public sealed class AwsCli(AwsEmulator emulator)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<AwsCliResult> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args.Concat(["--endpoint-url", emulator.Endpoint.ToString().TrimEnd('/')]))
            info.ArgumentList.Add(arg);
        var empty = Path.Combine(Path.GetTempPath(), "gureum-awscli-none");
        info.Environment["AWS_ACCESS_KEY_ID"] = emulator.AccessKeyId;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = emulator.SecretAccessKey;
        info.Environment["AWS_DEFAULT_REGION"] = emulator.Region;
        info.Environment["AWS_REGION"] = emulator.Region;
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        info.Environment["AWS_CONFIG_FILE"] = empty;
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = empty;
        info.Environment["AWS_PAGER"] = "";
        info.Environment.Remove("AWS_PROFILE");
        info.Environment.Remove("AWS_SESSION_TOKEN");
        info.Environment.Remove("AWS_ENDPOINT_URL");

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start aws");
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
            throw new TimeoutException($"aws {string.Join(' ', args)} did not finish");
        }
        return new AwsCliResult(process.ExitCode, await stdout, await stderr);
    }
}
