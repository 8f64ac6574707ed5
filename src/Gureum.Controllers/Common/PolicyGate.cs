using Gureum.Api;
using Gureum.Api.V1Alpha1;
using k8s.Models;

namespace Gureum.Controllers.Common;

/// <summary>What one reconcile pass may do, from the policies, the annotations and what status says was handled.</summary>
internal sealed record PassPolicy(bool MayWrite, bool MayCorrectDrift, bool MayAdopt, bool RequestedNow, string? BlockedReason)
{
    public string? RequestToRecord { get; init; }
}

internal static class PolicyGate
{
    /// <summary>
    /// Pure: paused and ObserveOnly forbid every write; driftPolicy Report allows writes only when
    /// the spec changed since status was last written (generation) or a new reconcile was requested.
    /// </summary>
    public static PassPolicy Decide(ManagedSpec spec, V1ObjectMeta metadata, ResourceStatus? status)
    {
        var annotations = metadata.Annotations ?? new Dictionary<string, string>();
        var paused = IsTrue(annotations, Annotations.Paused);
        var adopt = IsTrue(annotations, Annotations.Adopt);
        annotations.TryGetValue(Annotations.ReconcileRequestedAt, out var requested);
        var requestedNow = !string.IsNullOrEmpty(requested) && requested != status?.LastHandledReconcileAt;
        var specChanged = metadata.Generation is null || metadata.Generation != status?.ObservedGeneration;

        string? blocked = paused ? ConditionReasons.Paused
            : spec.ManagementPolicy == ManagementPolicy.ObserveOnly ? ConditionReasons.ObserveOnly
            : null;
        var mayWrite = blocked is null;
        var mayCorrect = mayWrite && (spec.DriftPolicy == DriftPolicy.Correct || specChanged || requestedNow);
        return new PassPolicy(mayWrite, mayCorrect, adopt, requestedNow, blocked)
        {
            // A request seen while writes are blocked is still "handled": the pass looked, as asked.
            RequestToRecord = string.IsNullOrEmpty(requested) ? status?.LastHandledReconcileAt : requested,
        };
    }

    public static bool MayDelete(ManagedSpec spec, V1ObjectMeta metadata) =>
        spec.DeletionPolicy == DeletionPolicy.Delete
        && spec.ManagementPolicy == ManagementPolicy.Full
        && !IsTrue(metadata.Annotations ?? new Dictionary<string, string>(), Annotations.Paused);

    public static bool IsPaused(V1ObjectMeta metadata) =>
        IsTrue(metadata.Annotations ?? new Dictionary<string, string>(), Annotations.Paused);

    private static bool IsTrue(IDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
