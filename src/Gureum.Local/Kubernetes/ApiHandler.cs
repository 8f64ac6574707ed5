using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gureum.Local.Kubernetes;

/// <summary>A request for a resource: /api/v1/... or /apis/group/version/...</summary>
internal sealed record ResourcePath(ResourceType Type, string? Namespace, string? Name, string? Subresource, bool WatchPath);

/// <summary>All routing of the sandbox API: auth, discovery, OpenAPI, health, and resource verbs.</summary>
internal sealed class ApiHandler(ObjectService service, ResourceRegistry registry, string token, Func<string> serverAddress, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (path is "/healthz" or "/readyz" or "/livez")
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            }
            if (context.Request.Headers.Authorization.ToString() != $"Bearer {token}")
            {
                throw ApiError.Unauthorized();
            }
            await RouteAsync(context, path);
        }
        catch (ApiError error)
        {
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, error.Code, error.ToStatus());
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (kubectl get -w killed, watch dropped).
        }
#pragma warning disable CA1031 // Any bug must still answer with a Status, not a dropped connection.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, path);
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, 500, ApiError.StatusObject(500, "InternalError", $"Internal error occurred: {exception.Message}"));
            }
        }
    }

    private async Task RouteAsync(HttpContext context, string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var types = registry.All;
        JsonNode? document = segments switch
        {
            ["version"] => Discovery.Version(),
            ["api"] => Discovery.CoreVersions(serverAddress()),
            ["apis"] => Discovery.Groups(types),
            ["api", var v] => Discovery.Resources(types, v),
            ["apis", var g] => Discovery.Group(types, g),
            ["apis", var g, var v] => Discovery.Resources(types, $"{g}/{v}"),
            ["openapi", "v3"] => SchemaBridge.OpenApiIndex(types),
            ["openapi", "v3", "api", var v] => SchemaBridge.OpenApiGroupVersion(types, v),
            ["openapi", "v3", "apis", var g, var v] => SchemaBridge.OpenApiGroupVersion(types, $"{g}/{v}"),
            _ => null,
        };
        if (document is not null)
        {
            RequireGet(context);
            await WriteAsync(context, 200, document);
            return;
        }
        if (segments is ["openapi", "v2"])
        {
            // client-go reads /openapi/v2 only as gnostic protobuf. A document with no paths
            // makes kubectl 1.27 fall back to client-side checks (it finds no schema for CRs)
            // instead of failing; kubectl 1.28+ uses /openapi/v3.
            context.Response.ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
            await context.Response.Body.WriteAsync(SchemaBridge.OpenApiV2Protobuf, context.RequestAborted);
            return;
        }
        var resource = ParseResourcePath(segments) ?? throw ApiError.NotFoundPath(path);
        await ServeResourceAsync(context, resource);
    }

    private ResourcePath? ParseResourcePath(string[] segments)
    {
        string group, version;
        string[] rest;
        switch (segments)
        {
            case ["api", var v, .. var r]:
                (group, version, rest) = ("", v, r);
                break;
            case ["apis", var g, var v, .. var r]:
                (group, version, rest) = (g, v, r);
                break;
            default:
                return null;
        }
        var watchPath = rest is ["watch", ..];
        if (watchPath)
        {
            rest = rest[1..];
        }
        string? ns = null;
        if (rest is ["namespaces", var n, var plural, ..] && registry.Find(group, version, plural) is { Namespaced: true })
        {
            ns = n;
            rest = rest[2..];
        }
        if (rest.Length is 0 or > 3 || registry.Find(group, version, rest[0]) is not { } type)
        {
            return null;
        }
        if (ns is not null && !type.Namespaced)
        {
            return null;
        }
        return new ResourcePath(type, ns, rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null, watchPath);
    }

    private async Task ServeResourceAsync(HttpContext context, ResourcePath resource)
    {
        var query = context.Request.Query;
        var type = resource.Type;
        var ns = resource.Namespace;
        var method = context.Request.Method;
        if (resource.Subresource is not null and not "status")
        {
            throw ApiError.NotFoundPath(context.Request.Path.Value ?? "");
        }
        if (resource.Subresource == "status" && !type.HasStatus)
        {
            throw ApiError.NotFoundPath(context.Request.Path.Value ?? "");
        }
        if (type.Namespaced && ns is null && (resource.Name is not null || method != "GET"))
        {
            throw ApiError.NotFoundPath(context.Request.Path.Value ?? "");
        }
        var options = new WriteOptions
        {
            FieldManager = query["fieldManager"].ToString() is { Length: > 0 } manager ? manager : null,
            Force = query["force"] == "true",
            Strict = query["fieldValidation"] == "Strict",
            DryRun = query["dryRun"].Count > 0,
            DefaultManager = context.Request.Headers.UserAgent.ToString().Split('/')[0] is { Length: > 0 } agent ? agent : "unknown",
        };
        switch (method)
        {
            case "GET" when resource.WatchPath || query["watch"] is var w && (w == "true" || w == "1"):
                await WatchAsync(context, resource);
                return;
            case "GET" when resource.Name is null:
                var page = service.List(type, ns, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]), ParseInt(query["limit"]), query["continue"]);
                await WriteAsync(context, 200, WantsTable(context)
                    ? SchemaBridge.Table(type, page.Items, context.Request.Query["includeObject"], page.ResourceVersion, page.Continue, time.GetUtcNow())
                    : ListObject(type, page));
                return;
            case "GET":
                var obj = service.Get(type, ns, resource.Name!);
                await WriteAsync(context, 200, WantsTable(context) ? SchemaBridge.Table(type, [obj], context.Request.Query["includeObject"], null, null, time.GetUtcNow()) : obj);
                return;
            case "POST" when resource.Name is null:
                await WriteAsync(context, 201, service.Create(type, ns, await ReadBodyAsync(context, false), options));
                return;
            case "PUT" when resource.Name is not null:
                await WriteAsync(context, 200, service.Update(type, ns, resource.Name, await ReadBodyAsync(context, false), resource.Subresource, options));
                return;
            case "PATCH" when resource.Name is not null:
                var contentType = context.Request.ContentType ?? "";
                var isApply = contentType.StartsWith("application/apply-patch", StringComparison.Ordinal);
                if (isApply && options.FieldManager is null)
                {
                    throw ApiError.BadRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
                }
                var existed = isApply && Exists(type, ns, resource.Name);
                var patched = service.Patch(type, ns, resource.Name, contentType, await ReadBodyAsync(context, isApply), resource.Subresource, options);
                await WriteAsync(context, isApply && !existed ? 201 : 200, patched);
                return;
            case "DELETE" when resource.Name is not null:
                var deleteOptions = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
                    ? await ReadOptionalBodyAsync(context)
                    : null;
                await WriteAsync(context, 200, service.Delete(type, ns, resource.Name, deleteOptions, query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null));
                return;
            case "DELETE":
                await WriteAsync(context, 200, service.DeleteCollection(type, ns, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]), query["propagationPolicy"].ToString() is { Length: > 0 } pp ? pp : null));
                return;
            default:
                throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private bool Exists(ResourceType type, string? ns, string name)
    {
        try
        {
            service.Get(type, ns, name);
            return true;
        }
        catch (ApiError error) when (error.Code == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Streams watch events: replay after the given resourceVersion (or synthetic ADDED for the
    /// current objects when it is absent or "0"), then live events until timeoutSeconds, the
    /// client leaving, or <see cref="ObjectStore.DropAllWatches"/>.
    /// </summary>
    private async Task WatchAsync(HttpContext context, ResourcePath resource)
    {
        var query = context.Request.Query;
        var type = resource.Type;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(resource.Name is null ? query["fieldSelector"].ToString() : $"metadata.name={resource.Name}");
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var table = WantsTable(context);
        string? includeObject = query["includeObject"];
        long? since = null;
        if (query["resourceVersion"].ToString() is { Length: > 0 } rvText && rvText != "0")
        {
            since = long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : throw ApiError.BadRequest($"invalid resource version: {rvText}");
        }
        var store = service.Store;
        (ObjectStore.Watcher Watcher, IReadOnlyList<StoredEvent> Replay)? registration;
        IReadOnlyList<JsonObject> initial = [];
        lock (store.Gate)
        {
            registration = store.Watch(type.StorageKey, resource.Namespace, since);
            if (since is null)
            {
                initial = store.List(type.StorageKey, resource.Namespace);
            }
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        var output = context.Response.Body;
        if (registration is not { } reg)
        {
            var status = ApiError.Gone($"too old resource version: {since} ({store.ResourceVersion})").ToStatus();
            await WriteEventAsync(output, "ERROR", status, context.RequestAborted);
            return;
        }
        var timeout = ParseInt(query["timeoutSeconds"]);
        using var deadline = timeout is > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(timeout.Value), time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        var cancel = linked.Token;
        try
        {
            foreach (var obj in initial)
            {
                await SendAsync(output, "ADDED", obj, cancel);
            }
            foreach (var stored in reg.Replay)
            {
                await SendStoredAsync(output, stored, cancel);
            }
            if (bookmarks)
            {
                await SendBookmarkAsync(output, cancel);
            }
            await context.Response.Body.FlushAsync(cancel);
            var reader = reg.Watcher.Events.Reader;
            while (true)
            {
                using var idle = new CancellationTokenSource(BookmarkInterval, time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel, idle.Token);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancel.IsCancellationRequested)
                {
                    if (bookmarks)
                    {
                        await SendBookmarkAsync(output, cancel);
                    }
                    continue;
                }
                if (!more)
                {
                    return;
                }
                while (reader.TryRead(out var stored))
                {
                    await SendStoredAsync(output, stored, cancel);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // timeoutSeconds elapsed: end the stream normally.
        }
        finally
        {
            store.Unwatch(reg.Watcher);
        }

        // A filtered watch sees an object entering its selection as ADDED and leaving it as DELETED, as kube-apiserver's does.
        Task SendStoredAsync(Stream stream, StoredEvent stored, CancellationToken token)
        {
            var obj = (JsonObject)JsonNode.Parse(stored.ObjectJson)!;
            if (stored.Type != "MODIFIED" || stored.PreviousJson is null)
            {
                return SendAsync(stream, stored.Type, obj, token);
            }
            var previous = (JsonObject)JsonNode.Parse(stored.PreviousJson)!;
            var wasIn = labels.Matches(previous) && fields.Matches(previous);
            var isIn = labels.Matches(obj) && fields.Matches(obj);
            return (wasIn, isIn) switch
            {
                (true, true) => SendAsync(stream, "MODIFIED", obj, token),
                (false, true) => SendAsync(stream, "ADDED", obj, token),
                (true, false) => SendAsync(stream, "DELETED", obj, token, filter: false),
                _ => Task.CompletedTask,
            };
        }

        async Task SendAsync(Stream stream, string eventType, JsonObject obj, CancellationToken token, bool filter = true)
        {
            if (filter && (!labels.Matches(obj) || !fields.Matches(obj)))
            {
                return;
            }
            obj = service.WithKind(type, obj);
            await WriteEventAsync(stream, eventType, table ? SchemaBridge.Table(type, [obj], includeObject, null, null, time.GetUtcNow()) : obj, token);
        }

        Task SendBookmarkAsync(Stream stream, CancellationToken token) =>
            WriteEventAsync(stream, "BOOKMARK", new JsonObject
            {
                ["kind"] = type.Kind,
                ["apiVersion"] = type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = store.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
            }, token);
    }

    private static async Task WriteEventAsync(Stream stream, string eventType, JsonObject obj, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = eventType, ["object"] = obj }.ToJsonString() + "\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static JsonObject ListObject(ResourceType type, ListPage page)
    {
        var metadata = new JsonObject { ["resourceVersion"] = page.ResourceVersion };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
            metadata["remainingItemCount"] = page.Remaining;
        }
        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page.Items]),
        };
    }

    private static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private static int? ParseInt(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw ApiError.BadRequest($"invalid integer: {text}");

    private static void RequireGet(HttpContext context)
    {
        if (context.Request.Method != "GET")
        {
            throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context, bool allowYaml)
    {
        if ((context.Request.ContentType ?? "").StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return ProtobufBody.Read(buffer.ToArray());
        }
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        return ParseBody(text, allowYaml || (context.Request.ContentType ?? "").Contains("yaml", StringComparison.Ordinal));
    }

    private static async Task<JsonNode?> ReadOptionalBodyAsync(HttpContext context)
    {
        if ((context.Request.ContentType ?? "").Contains("protobuf", StringComparison.Ordinal))
        {
            // Protobuf DeleteOptions (typed clients): the defaults are what they ask for in practice.
            return null;
        }
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        return string.IsNullOrWhiteSpace(text) ? null : ParseBody(text, false);
    }

    private static JsonNode? ParseBody(string text, bool allowYaml)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ApiError.BadRequest("the request body is empty");
        }
        try
        {
            return allowYaml ? Schema.YamlJson.Parse(text) : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException json)
        {
            throw ApiError.BadRequest($"the request body is not valid JSON: {json.Message}");
        }
        catch (FormatException format)
        {
            throw ApiError.BadRequest($"the request body is not valid YAML or JSON: {format.Message}");
        }
    }

    private static async Task WriteAsync(HttpContext context, int code, JsonNode document)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(document.ToJsonString(), context.RequestAborted);
    }
}
