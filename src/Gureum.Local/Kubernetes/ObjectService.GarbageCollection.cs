using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>
/// Owner-reference garbage collection as kube-controller-manager's garbage collector does it,
/// but at once and under the store's gate: background (dependents go after the owner), orphan
/// (dependents lose the owner reference) and foreground (the owner waits, marked with the
/// foregroundDeletion finalizer, until its blocking dependents are gone).
/// </summary>
internal sealed partial class ObjectService
{
    private const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>Background collection after the owner is gone: a dependent with no owner left is deleted, others lose the reference.</summary>
    private void CollectDependents(string ownerUid)
    {
        foreach (var (type, dependent) in Dependents(ownerUid))
        {
            var live = Reread(type, dependent);
            if (live is null)
            {
                continue;
            }
            if (OwnedByOthers(live, ownerUid))
            {
                DropOwnerReference(live, ownerUid);
                store.Put(type.StorageKey, live, "MODIFIED");
            }
            else
            {
                DeleteObject(type, live, "Background");
            }
        }
    }

    private void OrphanDependents(string ownerUid)
    {
        foreach (var (type, dependent) in Dependents(ownerUid))
        {
            DropOwnerReference(dependent, ownerUid);
            store.Put(type.StorageKey, dependent, "MODIFIED");
        }
    }

    /// <summary>
    /// Marks the owner (deletionTimestamp, foregroundDeletion finalizer), deletes every dependent
    /// (in foreground too when it has dependents of its own, as the garbage collector does), and
    /// lets the owner go once no dependent with blockOwnerDeletion is left.
    /// </summary>
    private JsonObject DeleteInForeground(ResourceType type, JsonObject live)
    {
        var meta = (JsonObject)live["metadata"]!;
        var finalizers = meta["finalizers"] as JsonArray ?? [];
        var changed = false;
        if (!finalizers.Any(f => f?.GetValue<string>() == ForegroundFinalizer))
        {
            meta["finalizers"] = new JsonArray([.. finalizers.Select(f => f?.DeepClone()), JsonValue.Create(ForegroundFinalizer)]);
            changed = true;
        }
        if (meta["deletionTimestamp"] is null)
        {
            meta["deletionTimestamp"] = Now();
            meta["deletionGracePeriodSeconds"] = 0L;
            changed = true;
        }
        if (changed)
        {
            live = store.Put(type.StorageKey, live, "MODIFIED");
        }
        var uid = meta["uid"]?.GetValue<string>() ?? "";
        foreach (var (dependentType, dependent) in Dependents(uid))
        {
            if (Reread(dependentType, dependent) is { } current && current["metadata"]?["deletionTimestamp"] is null)
            {
                var hasOwnDependents = Dependents(current["metadata"]!["uid"]?.GetValue<string>() ?? "").Count > 0;
                DeleteObject(dependentType, current, hasOwnDependents ? "Foreground" : "Background");
            }
        }
        return ReleaseForegroundOwner(type, live);
    }

    /// <summary>Drops the foregroundDeletion finalizer once nothing blocks it, removing the owner when no finalizer is left.</summary>
    private JsonObject ReleaseForegroundOwner(ResourceType type, JsonObject owner)
    {
        if (Reread(type, owner) is not { } live)
        {
            return owner;
        }
        var meta = (JsonObject)live["metadata"]!;
        if (meta["finalizers"] is not JsonArray finalizers || !finalizers.Any(f => f?.GetValue<string>() == ForegroundFinalizer))
        {
            return live;
        }
        var uid = meta["uid"]?.GetValue<string>() ?? "";
        var blocked = Dependents(uid).Any(d => (d.Object["metadata"]!["ownerReferences"] as JsonArray ?? [])
            .Any(o => o?["uid"]?.GetValue<string>() == uid && o["blockOwnerDeletion"]?.GetValue<bool>() == true));
        if (blocked)
        {
            return live;
        }
        var rest = finalizers.Where(f => f?.GetValue<string>() != ForegroundFinalizer).Select(f => f?.DeepClone()).ToList();
        if (rest.Count == 0)
        {
            meta.Remove("finalizers");
        }
        else
        {
            meta["finalizers"] = new JsonArray([.. rest]);
        }
        return HasFinalizers(type, live) ? store.Put(type.StorageKey, live, "MODIFIED") : Remove(type, live);
    }

    /// <summary>A dependent is gone: owners deleting in foreground may now be free to go.</summary>
    private void ResumeOwnersWaitingFor(JsonObject removedMeta)
    {
        if (removedMeta["ownerReferences"] is not JsonArray { Count: > 0 } owners)
        {
            return;
        }
        var ownerUids = owners.Select(o => o?["uid"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (type, owner) in AllTyped().Where(o => ownerUids.Contains(o.Object["metadata"]?["uid"]?.GetValue<string>() ?? "")))
        {
            ReleaseForegroundOwner(type, owner);
        }
    }

    private void ResumeForegroundDeletions()
    {
        foreach (var (type, obj) in AllTyped())
        {
            if (obj["metadata"]?["finalizers"] is JsonArray finalizers && finalizers.Any(f => f?.GetValue<string>() == ForegroundFinalizer)
                && Reread(type, obj) is { } live)
            {
                DeleteInForeground(type, live);
            }
        }
    }

    private List<(ResourceType Type, JsonObject Object)> Dependents(string ownerUid) =>
        [.. AllTyped().Where(o => o.Object["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(r => r?["uid"]?.GetValue<string>() == ownerUid))];

    /// <summary>Every stored object with the type it is stored under (objects of a CRD being removed have none and are skipped).</summary>
    private IEnumerable<(ResourceType Type, JsonObject Object)> AllTyped()
    {
        var types = registry.All.DistinctBy(t => t.StorageKey).ToDictionary(t => t.StorageKey, StringComparer.Ordinal);
        foreach (var (key, obj) in store.All())
        {
            if (types.TryGetValue(key, out var type))
            {
                yield return (type, obj);
            }
        }
    }

    private static bool OwnedByOthers(JsonObject dependent, string ownerUid) =>
        (dependent["metadata"]?["ownerReferences"] as JsonArray ?? []).Any(o => o?["uid"]?.GetValue<string>() != ownerUid);

    private static void DropOwnerReference(JsonObject dependent, string ownerUid)
    {
        var meta = (JsonObject)dependent["metadata"]!;
        var remaining = (meta["ownerReferences"] as JsonArray ?? []).Where(o => o?["uid"]?.GetValue<string>() != ownerUid).Select(o => o?.DeepClone()).ToList();
        if (remaining.Count == 0)
        {
            meta.Remove("ownerReferences");
        }
        else
        {
            meta["ownerReferences"] = new JsonArray([.. remaining]);
        }
    }

    /// <summary>The object as stored now (an earlier step may have changed or removed it).</summary>
    private JsonObject? Reread(ResourceType type, JsonObject obj) =>
        store.Get(type.StorageKey, obj["metadata"]?["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());
}
