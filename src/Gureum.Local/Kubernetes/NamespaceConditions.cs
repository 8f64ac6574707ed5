using System.Globalization;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>What is left in a terminating namespace: instances per resource ("dnsrecords.gureum.dev") and per finalizer.</summary>
internal sealed record NamespaceContent(IReadOnlyDictionary<string, int> ByResource, IReadOnlyDictionary<string, int> ByFinalizer)
{
    public bool IsEmpty => ByResource.Count == 0;
}

/// <summary>
/// The status conditions kube-controller-manager's namespace controller keeps on a terminating
/// namespace, with its reasons and messages (pkg/controller/namespace/deletion/
/// status_condition_utils.go), so `kubectl describe namespace` shows what a cluster would.
/// </summary>
internal static class NamespaceConditions
{
    private static readonly (string Type, string Reason, string Message)[] Settled =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    /// <summary>
    /// The conditions after one deletion pass. Like the namespace controller, a condition whose
    /// message is unchanged is kept as it was, and lastTransitionTime moves only when the status flips.
    /// </summary>
    public static JsonArray Next(JsonArray? previous, NamespaceContent remaining, string now)
    {
        var wanted = Settled.ToDictionary(s => s.Type, s => (Status: "False", s.Reason, s.Message));
        if (remaining.ByResource.Count > 0)
        {
            wanted["NamespaceContentRemaining"] = ("True", "SomeResourcesRemain",
                "Some resources are remaining: " + Join(remaining.ByResource, (resource, count) => $"{resource} has {count} resource instances"));
        }
        if (remaining.ByFinalizer.Count > 0)
        {
            wanted["NamespaceFinalizersRemaining"] = ("True", "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: " + Join(remaining.ByFinalizer, (finalizer, count) => $"{finalizer} in {count} resource instances"));
        }
        var next = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var old in (previous ?? []).OfType<JsonObject>())
        {
            var type = old["type"]?.GetValue<string>() ?? "";
            if (!seen.Add(type) || !wanted.TryGetValue(type, out var want))
            {
                next.Add(old.DeepClone());
                continue;
            }
            if (old["message"]?.GetValue<string>() == want.Message)
            {
                next.Add(old.DeepClone());
                continue;
            }
            var flipped = old["status"]?.GetValue<string>() != want.Status;
            next.Add(Condition(type, want, flipped ? now : old["lastTransitionTime"]?.GetValue<string>() ?? now));
        }
        foreach (var (type, _, _) in Settled.Where(s => !seen.Contains(s.Type)))
        {
            next.Add(Condition(type, wanted[type], now));
        }
        return next;
    }

    // Sorted, as the controller sorts them for stable updates.
    private static string Join(IReadOnlyDictionary<string, int> counts, Func<string, int, string> describe) =>
        string.Join(", ", counts.Where(c => c.Value > 0).Select(c => describe(c.Key, c.Value)).Order(StringComparer.Ordinal));

    private static JsonObject Condition(string type, (string Status, string Reason, string Message) value, string lastTransitionTime) => new()
    {
        ["type"] = type,
        ["status"] = value.Status,
        ["lastTransitionTime"] = lastTransitionTime,
        ["reason"] = value.Reason,
        ["message"] = value.Message,
    };

    /// <summary>Counts what is left, as the controller reports it: "&lt;resource&gt;.&lt;group&gt;" (core kinds end in a dot, as in Kubernetes).</summary>
    public static NamespaceContent Count(IEnumerable<(ResourceType Type, JsonObject Object)> remaining)
    {
        var byResource = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byFinalizer = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (type, obj) in remaining)
        {
            var resource = string.Create(CultureInfo.InvariantCulture, $"{type.Plural}.{type.Group}");
            byResource[resource] = byResource.GetValueOrDefault(resource) + 1;
            foreach (var finalizer in (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>()).OfType<string>().Distinct())
            {
                byFinalizer[finalizer] = byFinalizer.GetValueOrDefault(finalizer) + 1;
            }
        }
        return new NamespaceContent(byResource, byFinalizer);
    }
}
