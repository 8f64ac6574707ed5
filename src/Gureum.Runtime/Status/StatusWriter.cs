using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gureum.Runtime.Status;

/// <summary>
/// The one way to write status: computes the new status on the freshest object it has,
/// stamps <c>status.observedGeneration</c> (and each condition's), writes the status subresource only when the status
/// changed (a PUT carrying resourceVersion, so a concurrent write is a 409), and on 409 reads
/// the object again and recomputes.
/// </summary>
public sealed class StatusWriter(IKubernetes client, int maxConflictRetries = 5)
{
    /// <summary>
    /// Applies <paramref name="withStatus"/> (a pure function of the object to the object with
    /// its new status) and writes the result if its status differs. Returns the object as stored.
    /// </summary>
    public Task<T> WriteAsync<T>(
        T resource, ResourceKind kind, Func<T, T> withStatus, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WriteAsync(resource, kind, withStatus, resource.Metadata.Generation, cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync{T}(T, ResourceKind, Func{T, T}, CancellationToken)"/>, stamping
    /// <paramref name="observedGeneration"/>: the generation the caller worked from. When a conflict
    /// brings a newer object (the user edited the spec meanwhile), the status still says which
    /// generation it describes, so nobody takes it for the new spec's.
    /// </summary>
    public async Task<T> WriteAsync<T>(
        T resource, ResourceKind kind, Func<T, T> withStatus, long? observedGeneration, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var current = resource;
        for (var attempt = 0; ; attempt++)
        {
            var (changed, updated) = Prepare(current, withStatus, observedGeneration);
            if (!changed)
                return current;
            try
            {
                return await ReplaceStatusAsync(updated, kind, cancellationToken);
            }
            catch (HttpOperationException conflict)
                when (conflict.Response.StatusCode == HttpStatusCode.Conflict && attempt < maxConflictRetries)
            {
                current = await GetAsync<T>(kind, resource.Metadata.NamespaceProperty, resource.Metadata.Name, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Pure part: the object with its new status and observedGeneration (on a copy; the input is
    /// not touched), and whether that status differs from the current one.
    /// </summary>
    internal static (bool Changed, T Updated) Prepare<T>(T resource, Func<T, T> withStatus, long? observedGeneration = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var before = StatusOf(resource);
        var updated = withStatus(Clone(resource));
        var node = JsonNode.Parse(KubernetesJson.Serialize(updated))!.AsObject();
        if (node["status"] is not JsonObject status)
            node["status"] = status = [];
        if ((observedGeneration ?? updated.Metadata.Generation) is { } generation)
        {
            status["observedGeneration"] = generation;
            foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
                condition["observedGeneration"] = generation;
        }
        var changed = !JsonNode.DeepEquals(before, status);
        return (changed, KubernetesJson.Deserialize<T>(node.ToJsonString()));
    }

    private static JsonNode? StatusOf<T>(T resource) =>
        JsonNode.Parse(KubernetesJson.Serialize(resource))?["status"] is JsonObject status ? status : new JsonObject();

    private static T Clone<T>(T resource) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(resource));

    private async Task<T> ReplaceStatusAsync<T>(T resource, ResourceKind kind, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var ns = resource.Metadata.NamespaceProperty;
        var name = resource.Metadata.Name;
        return ns is null
            ? await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<T>(
                resource, kind.Group, kind.Version, kind.Plural, name, cancellationToken: cancellationToken)
            : await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(
                resource, kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellationToken);
    }

    private async Task<T> GetAsync<T>(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken) =>
        ns is null
            ? await client.CustomObjects.GetClusterCustomObjectStatusAsync<T>(
                kind.Group, kind.Version, kind.Plural, name, cancellationToken)
            : await client.CustomObjects.GetNamespacedCustomObjectStatusAsync<T>(
                kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken);
}
