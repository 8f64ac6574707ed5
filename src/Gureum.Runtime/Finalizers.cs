using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Gureum.Runtime;

/// <summary>
/// The finalizer contract (after kube-rs finalizer.rs): our finalizer is on the object before
/// the reconciler may write to AWS; a deleting object gets <see cref="IReconciler{T}.CleanupAsync"/>,
/// and only our own finalizer is removed, guarded by a JSON patch <c>test</c> so a concurrent
/// change to the list makes the patch fail rather than drop someone else's entry.
/// </summary>
public sealed class Finalizers(IKubernetes client)
{
    /// <summary>Routes <paramref name="resource"/> to reconcile or cleanup, managing <paramref name="finalizer"/>.</summary>
    public async Task<ReconcileResult> ApplyAsync<T>(
        T resource, ResourceKind kind, string finalizer, IReconciler<T> reconciler, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var finalizers = resource.Metadata.Finalizers ?? [];
        var ours = finalizers.Contains(finalizer);
        if (resource.Metadata.DeletionTimestamp is not null)
        {
            if (!ours)
                return ReconcileResult.Done;
            var result = await reconciler.CleanupAsync(resource, cancellationToken);
            if (!result.IsDone)
                return result;

            // Cleanup finished and AWS no longer has the resource: removing the finalizer must
            // not be abandoned half-way by a shutdown, or the object would hang in deletion
            // until another pass repeats the (now no-op) cleanup. So no cancellation here.
            await PatchAsync(resource, kind, RemovePatch(finalizers, finalizer), CancellationToken.None);
            return ReconcileResult.Done;
        }

        if (!ours)
            resource = await PatchAsync(
                resource, kind, AddPatch(resource.Metadata.Finalizers, resource.Metadata.ResourceVersion, finalizer), cancellationToken);
        return await reconciler.ReconcileAsync(resource, cancellationToken);
    }

    /// <summary>
    /// JSON patch adding <paramref name="finalizer"/>, valid only if the list is still
    /// <paramref name="current"/>. An absent list cannot be tested portably (RFC 6902 fails a
    /// test on a missing path), so then the object's resourceVersion is the guard.
    /// </summary>
    public static JsonArray AddPatch(IList<string>? current, string? resourceVersion, string finalizer) => current is null
        ? [Op("test", "/metadata/resourceVersion", resourceVersion), Op("add", "/metadata/finalizers", new JsonArray(finalizer))]
        :
        [
            Op("test", "/metadata/finalizers", new JsonArray([.. current.Select(item => JsonValue.Create(item))])),
            Op("add", "/metadata/finalizers/-", finalizer),
        ];

    /// <summary>JSON patch removing exactly our entry, checked by a <c>test</c> at its index.</summary>
    public static JsonArray RemovePatch(IList<string> current, string finalizer)
    {
        var index = current.IndexOf(finalizer);
        if (index < 0)
            throw new ArgumentException($"'{finalizer}' is not among the finalizers", nameof(finalizer));
        var path = $"/metadata/finalizers/{index}";
        return [Op("test", path, finalizer), Op("remove", path, null, withValue: false)];
    }

    private async Task<T> PatchAsync<T>(T resource, ResourceKind kind, JsonArray patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch);
        var name = resource.Metadata.Name;
        var ns = resource.Metadata.NamespaceProperty;
        return ns is null
            ? await client.CustomObjects.PatchClusterCustomObjectAsync<T>(
                body, kind.Group, kind.Version, kind.Plural, name, cancellationToken: cancellationToken)
            : await client.CustomObjects.PatchNamespacedCustomObjectAsync<T>(
                body, kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellationToken);
    }

    private static JsonObject Op(string op, string path, JsonNode? value, bool withValue = true)
    {
        var node = new JsonObject { ["op"] = op, ["path"] = path };
        if (withValue)
            node["value"] = value;
        return node;
    }
}
