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

    /// <summary>Events not printed before (each Event once, when it is new or its latest occurrence is).</summary>
    public static IReadOnlyList<string> NewEvents(IReadOnlyDictionary<string, LatestEvent> before, IReadOnlyDictionary<string, LatestEvent> after) =>
        [.. after.Values
            .Where(e => !before.TryGetValue(e.ObjectKey, out var previous) || previous != e)
            .OrderBy(e => e.At)
            .Select(e => $"event {e.ObjectKey} {e.Type} {e.Text}")];

    public static async Task RunPlainAsync(GureumCaches caches, EventFeed events, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, ObjectRow> shown = new Dictionary<string, ObjectRow>();
        IReadOnlyDictionary<string, LatestEvent> shownEvents = new Dictionary<string, LatestEvent>();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Snapshot(caches);
                var latest = events.Latest;
                foreach (var line in Changes(shown, now).Concat(NewEvents(shownEvents, latest)))
                    await output.WriteLineAsync(line);
                shownEvents = latest;
                await output.FlushAsync(cancellationToken);
                shown = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
