using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Xunit;
using Xunit.Abstractions;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// <c>gureum local</c> killed with SIGKILL while clients write: after a restart on the same state
/// folder every write a client saw acknowledged is there (creates, and updates at least as new as
/// the last one acknowledged). Not a timing: the kill comes at a random moment in each round.
/// </summary>
public sealed class SandboxCrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Writers = 4;
    private const int Rounds = 3;
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "gureum-e2e-crash-" + Guid.NewGuid().ToString("N"));

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
    public async Task Sigkill_during_writes_loses_no_acknowledged_write()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        // name -> the highest value of data.v a client saw acknowledged.
        var acknowledged = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        for (var round = 0; round < Rounds; round++)
        {
            await using var local = await StartLocalAsync();
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(local.KubeconfigPath));
            await AssertAllAcknowledgedPresentAsync(client, acknowledged);

            using var stop = new CancellationTokenSource();
            var writes = Enumerable.Range(0, Writers).Select(w => WriteUntilFailureAsync(client, $"r{round}-w{w}", acknowledged, stop.Token)).ToList();
            await Eventually.MatchAsync(() => Task.FromResult(acknowledged.Count), count => count >= (round + 1) * 20, "20 acknowledged writes this round");
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1500)));
            await local.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writes);
            output.WriteLine($"round {round}: killed with {acknowledged.Count} objects acknowledged");
        }
        await using var last = await StartLocalAsync();
        using var final = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(last.KubeconfigPath));
        await AssertAllAcknowledgedPresentAsync(final, acknowledged);
    }

    private Task<GureumLocalProcess> StartLocalAsync() =>
        GureumLocalProcess.StartAsync(_stateDir, "--operator", "false", "--live", "false", "--aws-faults", "none");

    /// <summary>Creates ConfigMaps and updates the writer's earlier ones, recording each answer, until a request fails (the kill).</summary>
    private static async Task WriteUntilFailureAsync(IKubernetes client, string prefix, ConcurrentDictionary<string, int> acknowledged, CancellationToken stop)
    {
        var mine = new List<string>();
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                if (i % 2 == 1 && mine.Count > 0)
                {
                    var name = mine[i % mine.Count];
                    var next = acknowledged[name] + 1;
                    var patch = new V1Patch(new { data = new { v = next.ToString(System.Globalization.CultureInfo.InvariantCulture) } }, V1Patch.PatchType.MergePatch);
                    await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, "default", cancellationToken: stop);
                    acknowledged[name] = next;
                }
                else
                {
                    var name = $"{prefix}-{i}";
                    await client.CoreV1.CreateNamespacedConfigMapAsync(
                        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["v"] = "0" } },
                        "default", cancellationToken: stop);
                    acknowledged[name] = 0;
                    mine.Add(name);
                }
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            // The server was killed: the request in flight was never acknowledged.
        }
    }

    private static async Task AssertAllAcknowledgedPresentAsync(IKubernetes client, ConcurrentDictionary<string, int> acknowledged)
    {
        var stored = (await client.CoreV1.ListNamespacedConfigMapAsync("default")).Items
            .ToDictionary(c => c.Metadata.Name, c => int.Parse(c.Data["v"], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var missing = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var value) || value < a.Value)
            .Select(a => $"{a.Key} (acknowledged v={a.Value}, stored {(stored.TryGetValue(a.Key, out var v) ? v : "none")})").ToList();
        Assert.True(missing.Count == 0, $"lost acknowledged writes: {string.Join(", ", missing)}");
    }
}
