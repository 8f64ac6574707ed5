using System.Text.RegularExpressions;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>A second <c>gureum local</c> on a state folder in use is refused and changes nothing; a SIGKILLed holder does not block the next.</summary>
public sealed partial class OneInstancePerStateFolderTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "gureum-e2e-lock-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_second_instance_exits_at_once_naming_the_first_and_a_killed_first_does_not_block_the_next()
    {
        await using var first = await GureumLocalProcess.StartAsync(_stateDir, "--live", "false");
        var api = KubeconfigServer(first.KubeconfigPath);
        var before = Snapshot();

        var second = await GureumExit.RunAsync(new Dictionary<string, string>(), "local", "--state-dir", _stateDir, "--live", "false");

        Assert.NotEqual(0, second.ExitCode);
        var line = Assert.Single(second.Lines);
        Assert.Contains(_stateDir, line, StringComparison.Ordinal);
        Assert.Contains($"pid {first.Pid}", line, StringComparison.Ordinal);
        Assert.Contains(api, line, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        await first.Kubectl().RunAsync("get", "namespaces").OkAsync();

        await first.KillAsync();
        await using var next = await GureumLocalProcess.StartAsync(_stateDir, "--live", "false");
        await next.Kubectl().RunAsync("get", "namespaces").OkAsync();
    }

    private static string KubeconfigServer(string kubeconfig) =>
        ServerLine().Match(File.ReadAllText(kubeconfig)) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no server in the kubeconfig");

    /// <summary>Every file under the state folder with its bytes: the kubeconfig, aws.env, instance.json and the state.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_stateDir, "*", SearchOption.AllDirectories)
            .ToDictionary(path => path, Contents);

    /// <summary>The held lock file cannot be opened by anyone else (that is the point): its size and time stand for it.</summary>
    private static string Contents(string path) =>
        Path.GetFileName(path) == "gureum.lock"
            ? $"{new FileInfo(path).Length} bytes, written {File.GetLastWriteTimeUtc(path):O}"
            : Convert.ToHexString(File.ReadAllBytes(path));

    [GeneratedRegex(@"server:\s*(\S+)")]
    private static partial Regex ServerLine();
}
