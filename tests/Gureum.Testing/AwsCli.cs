using System.Diagnostics;
using Gureum.Local.Aws;

namespace Gureum.Testing;

public sealed record AwsCliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>Runs the installed AWS CLI against an emulator: code we did not write reads our wire format
/// exactly as users' boto3 scripts will. Only the given settings reach the process: no profile, no
/// instance metadata, no pager.</summary>
public sealed class AwsCli(IReadOnlyDictionary<string, string> environment)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The emulator's endpoint, region and test keys.</summary>
    public AwsCli(AwsEmulator emulator) : this(new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = emulator.Endpoint.ToString().TrimEnd('/'),
        ["AWS_ACCESS_KEY_ID"] = emulator.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = emulator.SecretAccessKey,
        ["AWS_DEFAULT_REGION"] = emulator.Region,
        ["AWS_REGION"] = emulator.Region,
    })
    {
    }

    /// <summary>Settings from an env file such as the aws.env <c>gureum local</c> writes, as a user would source it.</summary>
    public static AwsCli FromEnvFile(string path) => new(ReadEnvFile(path));

    /// <summary>
    /// The env file's settings plus the CLI's standard retry mode with more attempts: a service's
    /// request rate is the account's, shared with the operator (and throttled under chaos), so a reader
    /// is throttled as a user's script would be, and retries as a patient one does.
    /// </summary>
    public static AwsCli PatientFromEnvFile(string path)
    {
        var environment = ReadEnvFile(path);
        environment["AWS_RETRY_MODE"] = "standard";
        environment["AWS_MAX_ATTEMPTS"] = "10";
        return new(environment);
    }

    private static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);

    public async Task<AwsCliResult> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
            info.Environment.Remove(name);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        info.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        info.Environment["AWS_PAGER"] = "";
        // --endpoint-url as users type it; AWS_ENDPOINT_URL alone would do for CLI v2 and recent v1.
        if (environment.TryGetValue("AWS_ENDPOINT_URL", out var endpoint))
            args = [.. args, "--endpoint-url", endpoint];
        foreach (var arg in args)
            info.ArgumentList.Add(arg);

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
