using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gureum.Runtime.Events;

public enum EventType
{
    Normal,
    Warning,
}

/// <summary>
/// Records core/v1 Events (what <c>kubectl describe</c> shows). A repeat of the same
/// (object, type, reason, message) bumps <c>count</c> and <c>lastTimestamp</c> of the Event
/// already written instead of creating another. Recording never fails the caller: an Event
/// that cannot be written is logged and dropped.
/// </summary>
public sealed partial class EventRecorder(
    IKubernetes client,
    TimeProvider? timeProvider = null,
    ILogger<EventRecorder>? logger = null,
    string component = "gureum")
{
    private const int MaxRemembered = 4096;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private readonly ConcurrentDictionary<(string Uid, EventType Type, string Reason, string Message), Recorded> _recorded = new();

    private sealed record Recorded(string Namespace, string Name, int Count);

    public async Task RecordAsync(
        IKubernetesObject<V1ObjectMeta> involved, EventType type, string reason, string message,
        CancellationToken cancellationToken)
    {
        var ns = involved.Metadata.NamespaceProperty ?? "default";
        var identity = (involved.Metadata.Uid ?? $"{ns}/{involved.Metadata.Name}", type, reason, message);
        var now = _time.GetUtcNow().UtcDateTime;
        try
        {
            if (_recorded.TryGetValue(identity, out var seen))
            {
                var count = seen.Count + 1;
                if (await TryBumpAsync(seen, count, now, cancellationToken))
                {
                    _recorded[identity] = seen with { Count = count };
                    return;
                }
            }

            var created = await client.CoreV1.CreateNamespacedEventAsync(
                NewEvent(involved, ns, type, reason, message, now), ns, cancellationToken: cancellationToken);
            if (_recorded.Count >= MaxRemembered)
                _recorded.Clear();
            _recorded[identity] = new Recorded(ns, created.Metadata.Name, 1);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpOperationException refused) when (IsNamespaceTerminating(refused))
        {
            // Expected while a namespace is deleted: Kubernetes takes no new Events there, and the
            // cleanup the Event describes goes on. One line, no stack trace.
            Log.NamespaceTerminating(_logger, reason, ns, involved.Metadata.Name);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.RecordFailed(_logger, exception, reason, ns, involved.Metadata.Name);
        }
    }

    private async Task<bool> TryBumpAsync(Recorded seen, int count, DateTime now, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["count"] = count,
            ["lastTimestamp"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        try
        {
            await client.CoreV1.PatchNamespacedEventAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), seen.Name, seen.Namespace,
                cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // The Event expired (TTL) or was deleted: write a new one.
            return false;
        }
    }

    private Corev1Event NewEvent(
        IKubernetesObject<V1ObjectMeta> involved, string ns, EventType type, string reason, string message, DateTime now) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{involved.Metadata.Name}.{now.Ticks:x}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = ns,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = involved.ApiVersion,
                Kind = involved.Kind,
                Name = involved.Metadata.Name,
                NamespaceProperty = involved.Metadata.NamespaceProperty,
                Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message,
            Type = type.ToString(),
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };

    private static bool IsNamespaceTerminating(HttpOperationException refused) =>
        refused.Response.StatusCode == HttpStatusCode.Forbidden
        && refused.Response.Content?.Contains("\"NamespaceTerminating\"", StringComparison.Ordinal) == true;

    private static partial class Log
    {
        [LoggerMessage(31, LogLevel.Information, "Event {Reason} on {Ns}/{Name} not recorded: its namespace is being deleted")]
        public static partial void NamespaceTerminating(ILogger logger, string reason, string ns, string name);

        [LoggerMessage(30, LogLevel.Warning, "Could not record Event {Reason} on {Ns}/{Name}")]
        public static partial void RecordFailed(ILogger logger, Exception exception, string reason, string ns, string name);
    }
}
