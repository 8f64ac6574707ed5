using System.Collections.Concurrent;
using Gureum.Api;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Gureum.Operator.LiveView;

/// <summary>One Event as the live view shows it.</summary>
internal sealed record LatestEvent(string ObjectKey, DateTime At, string Type, string Reason, string Message)
{
    public string Text => $"{Reason}: {Message}";

    /// <summary>The newest Event about each Gureum object; Events about other kinds are ignored.</summary>
    public static IReadOnlyDictionary<string, LatestEvent> Newest(IEnumerable<Corev1Event> events) =>
        events
            .Where(e => e.InvolvedObject?.ApiVersion == GureumApi.ApiVersion)
            .Select(e => new LatestEvent(
                $"{e.InvolvedObject.Kind} {e.InvolvedObject.NamespaceProperty}/{e.InvolvedObject.Name}",
                e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue,
                e.Type ?? "Normal",
                e.Reason ?? "",
                e.Message ?? ""))
            .GroupBy(e => e.ObjectKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.At)!, StringComparer.Ordinal);
}

/// <summary>
/// Polls core/v1 Events for the live view (local mode only: a small sandbox, so a periodic
/// list is cheaper than another informer kind the runtime does not have for core types).
/// </summary>
internal sealed partial class EventFeed(IKubernetes client, ILogger logger)
{
    private volatile IReadOnlyDictionary<string, LatestEvent> _latest = new Dictionary<string, LatestEvent>();

    public IReadOnlyDictionary<string, LatestEvent> Latest => _latest;

    public async Task RunAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            do
            {
                try
                {
                    var events = await client.CoreV1.ListEventForAllNamespacesAsync(cancellationToken: cancellationToken);
                    _latest = LatestEvent.Newest(events.Items);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.ListFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Could not list Events for the live view")]
        public static partial void ListFailed(ILogger logger, Exception exception);
    }
}
