using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>
/// Namespace deletion as kube-apiserver and its namespace controller do it: DELETE marks the
/// namespace Terminating; everything in it is deleted (objects with finalizers are marked and
/// stay until those are removed); the conditions say what is left; only an empty namespace
/// loses its "kubernetes" finalizer and goes. New objects in a terminating namespace are refused.
/// The sandbox runs the controller's pass at once, under the store's gate, after every change
/// that can move it on, so no background loop and no timing is involved.
/// </summary>
internal sealed partial class ObjectService
{
    private const string NamespaceFinalizer = "kubernetes";

    // Namespaces whose pass is running: the removals it makes would otherwise start it again.
    private readonly HashSet<string> _sweeping = new(StringComparer.Ordinal);

    /// <summary>The first DELETE sets deletionTimestamp and phase Terminating; every DELETE answers the namespace as it then is.</summary>
    private JsonObject DeleteNamespace(JsonObject live)
    {
        var meta = (JsonObject)live["metadata"]!;
        if (meta["deletionTimestamp"] is null)
        {
            meta["deletionTimestamp"] = Now();
            var status = live["status"] as JsonObject ?? [];
            status["phase"] = "Terminating";
            live["status"] = status;
            live = store.Put(ResourceRegistry.Namespaces.StorageKey, live, "MODIFIED");
        }
        return SweepNamespace(meta["name"]!.GetValue<string>()) ?? live;
    }

    /// <summary>NamespaceLifecycle admission: a create in a namespace being deleted is Forbidden.</summary>
    private void RefuseNewContentInTerminatingNamespace(ResourceType type, string? ns, string name)
    {
        if (type.Namespaced && ns is not null
            && store.Get(ResourceRegistry.Namespaces.StorageKey, null, ns)?["metadata"]?["deletionTimestamp"] is not null)
        {
            throw ApiError.NamespaceTerminating(type, name, ns);
        }
    }

    /// <summary>
    /// One pass of the namespace controller over a terminating namespace: delete what is not yet
    /// being deleted, report what remains, and remove the namespace once it is empty. Returns the
    /// namespace afterwards (its final state when removed); null when not terminating or already in a pass.
    /// </summary>
    private JsonObject? SweepNamespace(string? name)
    {
        if (name is null || !_sweeping.Add(name))
        {
            return null;
        }
        try
        {
            var ns = store.Get(ResourceRegistry.Namespaces.StorageKey, null, name);
            if (ns?["metadata"]?["deletionTimestamp"] is null)
            {
                return null;
            }
            foreach (var (type, item) in Contents(name))
            {
                if (item["metadata"]?["deletionTimestamp"] is null && Reread(type, item) is { } live)
                {
                    DeleteObject(type, live, "Background");
                }
            }
            var remaining = NamespaceConditions.Count(Contents(name));
            ns = store.Get(ResourceRegistry.Namespaces.StorageKey, null, name)!;
            var next = (JsonObject)ns.DeepClone();
            var status = next["status"] as JsonObject ?? [];
            status["phase"] = "Terminating";
            status["conditions"] = NamespaceConditions.Next(status["conditions"] as JsonArray, remaining, Now());
            next["status"] = status;
            if (remaining.IsEmpty && next["spec"]?["finalizers"] is JsonArray finalizers)
            {
                var kept = finalizers.Where(f => f?.GetValue<string>() != NamespaceFinalizer).Select(f => f?.DeepClone()).ToList();
                if (kept.Count == 0)
                {
                    ((JsonObject)next["spec"]!).Remove("finalizers");
                }
                else
                {
                    next["spec"]!["finalizers"] = new JsonArray([.. kept]);
                }
            }
            if (!JsonNode.DeepEquals(ns, next))
            {
                ns = store.Put(ResourceRegistry.Namespaces.StorageKey, next, "MODIFIED");
            }
            return remaining.IsEmpty && !HasFinalizers(ResourceRegistry.Namespaces, ns)
                ? Remove(ResourceRegistry.Namespaces, ns)
                : ns;
        }
        finally
        {
            _sweeping.Remove(name);
        }
    }

    private void ResumeNamespaceTerminations()
    {
        foreach (var ns in store.List(ResourceRegistry.Namespaces.StorageKey, null))
        {
            SweepNamespace(ns["metadata"]!["name"]!.GetValue<string>());
        }
    }

    private List<(ResourceType Type, JsonObject Object)> Contents(string ns) =>
        [.. registry.All.Where(t => t.Namespaced).DistinctBy(t => t.StorageKey).SelectMany(t => store.List(t.StorageKey, ns).Select(o => (t, o)))];
}
