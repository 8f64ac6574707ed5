using Gureum.Operator.Hosting;

namespace Gureum.Operator.LiveView;

/// <summary>Without a terminal (tests, CI, pipes): one plain line each time an object's row changes or it goes.</summary>
internal static class ObjectReporter
{
    public static IReadOnlyList<string> Changes(IReadOnlyDictionary<string, ObjectRow> before, IReadOnlyDictionary<string, ObjectRow> after)
    {
        var lines = new List<string>();
        foreach (var (key, row) in after.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            if (!before.TryGetValue(key, out var previous) || previous != row)
                lines.Add("object " + row.ToLogLine());
        foreach (var key in before.Keys.Where(key => !after.ContainsKey(key)).Order(StringComparer.Ordinal))
            lines.Add($"object {key} deleted");
        return lines;
    }

    public static IReadOnlyDictionary<string, ObjectRow> Snapshot(GureumCaches caches) =>
        caches.All().Select(pair => ObjectRow.From(pair.Kind, pair.Object)).ToDictionary(row => row.Key);

    public static async Task RunPlainAsync(GureumCaches caches, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, ObjectRow> shown = new Dictionary<string, ObjectRow>();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Snapshot(caches);
                foreach (var line in Changes(shown, now))
                    await output.WriteLineAsync(line);
                await output.FlushAsync(cancellationToken);
                shown = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
