using Gureum.Operator.Hosting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gureum.Operator.LiveView;

/// <summary>The terminal view of <c>gureum local</c>: every Gureum object, refreshed from the runtime's caches.</summary>
internal static class LiveTable
{
    public static async Task RunAsync(GureumCaches caches, LogBuffer logs, string header, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await AnsiConsole.Live(Render(caches, logs, header)).AutoClear(false).StartAsync(async context =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    context.UpdateTarget(Render(caches, logs, header));
                    context.Refresh();
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static IRenderable Render(GureumCaches caches, LogBuffer logs, string header)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand()
            .AddColumn("Kind").AddColumn("Namespace/Name").AddColumn("Ready").AddColumn("AWS id").AddColumn("Message");
        var rows = ObjectReporter.Snapshot(caches).Values
            .OrderBy(row => row.Kind, StringComparer.Ordinal).ThenBy(row => row.Namespace, StringComparer.Ordinal)
            .ThenBy(row => row.Name, StringComparer.Ordinal);
        foreach (var row in rows)
            table.AddRow(
                Markup.Escape(row.Kind),
                Markup.Escape($"{row.Namespace}/{row.Name}"),
                row.Ready switch { "True" => "[green]True[/]", "False" => "[red]False[/]", var other => Markup.Escape(other) },
                Markup.Escape(row.AwsId),
                Markup.Escape(row.Message));
        if (table.Rows.Count == 0)
            table.AddRow("", "[grey]no Gureum objects yet: kubectl apply -f deploy/samples/[/]", "", "", "");
        var log = new Panel(new Text(string.Join('\n', logs.Lines))).Header("log").Expand();
        return new Rows(new Markup(header), table, log);
    }
}
