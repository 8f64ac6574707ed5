using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Gureum.Runtime.Cache;

internal interface IInformer
{
    ResourceKind Kind { get; }

    Type ResourceType { get; }

    Task RunAsync(CancellationToken cancellationToken);

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}

/// <summary>
/// List+watch of one kind, shared by every controller that needs it. A watch the server
/// closes is resumed from the last resourceVersion seen (events or bookmarks), so nothing is
/// missed or delivered twice; a 410 Gone means that version is too old and leads to a full
/// relist, whose difference to the cache is delivered as events.
/// </summary>
internal sealed partial class Informer<T>(
    IKubernetes client,
    ResourceKind kind,
    string? watchNamespace,
    TimeProvider time,
    ILogger logger) : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly List<Action<ResourceEvent<T>>> _handlers = [];
    private TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The last version seen, from an event or a bookmark: where a cut watch resumes.
    private string? _resourceVersion;

    public ResourceKind Kind => kind;

    public Type ResourceType => typeof(T);

    public ResourceCache<T> Cache { get; } = new();

    /// <summary>Handlers run on the informer's loop: keep them short (enqueue keys).</summary>
    public void Subscribe(Action<ResourceEvent<T>> handler) => _handlers.Add(handler);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>How many times the cache was rebuilt from a full list after a 410 Gone.</summary>
    internal int Relists { get; private set; }

    /// <summary>
    /// Runs until cancelled. A later run (after leadership comes back) resumes from where this
    /// one stopped, so a short gap costs no relist; a long one gets 410 Gone and relists.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_resourceVersion is not null)
            _synced.TrySetResult();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_resourceVersion is null)
                {
                    _resourceVersion = await ListAsync(cancellationToken);
                    Cache.MarkSynced();
                    _synced.TrySetResult();
                }

                await WatchAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (IsGone(exception))
            {
                Log.Relisting(logger, kind.Plural, _resourceVersion);
                _resourceVersion = null;
                Relists++;
            }
            catch (Exception exception)
            {
                Log.WatchFailed(logger, exception, kind.Plural);
                await DelayAsync(cancellationToken);
            }
        }

        if (_resourceVersion is null)
            _synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<string?> ListAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<ObjectKey>();
        string? continueToken = null;
        string? resourceVersion;
        do
        {
            var list = watchNamespace is null
                ? await client.CustomObjects.ListClusterCustomObjectAsync<ResourceList<T>>(
                    kind.Group, kind.Version, kind.Plural, continueParameter: continueToken, limit: 500,
                    cancellationToken: cancellationToken)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync<ResourceList<T>>(
                    kind.Group, kind.Version, watchNamespace, kind.Plural, continueParameter: continueToken,
                    limit: 500, cancellationToken: cancellationToken);
            foreach (var item in list.Items ?? [])
            {
                seen.Add(ObjectKey.Of(item));
                Apply(WatchEventType.Added, item);
            }

            continueToken = list.Metadata?.ContinueProperty;
            resourceVersion = list.Metadata?.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        foreach (var stale in Cache.List().Where(item => !seen.Contains(ObjectKey.Of(item))))
            Apply(WatchEventType.Deleted, stale);
        return resourceVersion;
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        // The server ends each watch after this; we resume from the last version seen.
        var timeoutSeconds = 240 + Random.Shared.Next(120);
        var response = watchNamespace is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync(
                kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: true, resourceVersion: _resourceVersion,
                timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(
                kind.Group, kind.Version, watchNamespace, kind.Plural, allowWatchBookmarks: true,
                resourceVersion: _resourceVersion, timeoutSeconds: timeoutSeconds, watch: true,
                cancellationToken: cancellationToken);
        Exception? gone = null;

        // Error events (a Status object) and undecodable lines arrive here; the stream goes on.
        void OnError(Exception exception)
        {
            if (IsGone(exception))
                gone ??= exception;
            else
                Log.WatchEventError(logger, exception, kind.Plural);
        }

#pragma warning disable CS0618 // WatchAsync is marked obsolete but is the library's supported stream reader.
        await foreach (var (type, item) in response.WatchAsync<T, object>(OnError, cancellationToken))
#pragma warning restore CS0618
        {
            if (gone is not null)
                break;
            if (item?.Metadata is null)
                continue;
            if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                Apply(type, item);
            if (type is WatchEventType.Bookmark or WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                _resourceVersion = item.Metadata.ResourceVersion ?? _resourceVersion;
        }

        if (gone is not null)
            throw gone;
    }

    private void Apply(WatchEventType type, T resource)
    {
        // managedFields (server-side apply's bookkeeping) is often the largest part of an object and no
        // controller reads it: the cache does not keep it (10,000 objects are held at once). A status write
        // from a cached object leaves it out, which the API server takes as "unchanged".
        resource.Metadata.ManagedFields = null;
        var key = ObjectKey.Of(resource);
        T? previous;
        if (type == WatchEventType.Deleted)
        {
            previous = Cache.Remove(key);
            if (previous is null)
                return;
        }
        else
        {
            var cached = Cache.Get(key);
            if (cached is not null && cached.Metadata.ResourceVersion == resource.Metadata.ResourceVersion)
                return;
            previous = Cache.Upsert(resource);
            type = previous is null ? WatchEventType.Added : WatchEventType.Modified;
        }

        var change = new ResourceEvent<T>(type, resource, previous);
        foreach (var handler in _handlers)
        {
            try
            {
                handler(change);
            }
            catch (Exception exception)
            {
                Log.HandlerFailed(logger, exception, kind.Plural);
            }
        }
    }

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryDelay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsGone(Exception exception) => exception switch
    {
        KubernetesException { Status.Code: (int)HttpStatusCode.Gone } => true,
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Watch of {Plural} from resourceVersion {ResourceVersion} is too old (410 Gone); relisting")]
        public static partial void Relisting(ILogger logger, string plural, string? resourceVersion);

        [LoggerMessage(2, LogLevel.Warning, "List or watch of {Plural} failed; retrying")]
        public static partial void WatchFailed(ILogger logger, Exception exception, string plural);

        [LoggerMessage(4, LogLevel.Warning, "Watch of {Plural} reported an error")]
        public static partial void WatchEventError(ILogger logger, Exception exception, string plural);

        [LoggerMessage(3, LogLevel.Error, "An event handler for {Plural} failed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string plural);
    }
}
