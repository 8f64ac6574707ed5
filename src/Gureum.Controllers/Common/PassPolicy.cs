using Gureum.Api;
using Gureum.Api.V1Alpha1;
using k8s.Models;

namespace Gureum.Controllers.Common;

/// <summary>What the object's policies and annotations say, read once per pass.</summary>
internal sealed record PassPolicy(
    ManagementPolicy Management,
    DriftPolicy Drift,
    bool Paused,
    bool Adopt,
    bool RequestedNow,
    bool SpecChangedSinceSync)
{
    /// <summary>The reconcile-requested-at value to record as handled in status.</summary>
    public string? RequestToRecord { get; init; }

    public static PassPolicy Of(ManagedSpec spec, V1ObjectMeta metadata, ResourceStatus? status)
    {
        var annotations = metadata.Annotations ?? new Dictionary<string, string>();
        annotations.TryGetValue(Annotations.ReconcileRequestedAt, out var requested);
        return new PassPolicy(
            spec.ManagementPolicy,
            spec.DriftPolicy,
            IsPaused(metadata),
            IsTrue(annotations, Annotations.Adopt),
            !string.IsNullOrEmpty(requested) && requested != status?.LastHandledReconcileAt,
            // AWS matched this generation before: a difference now was made outside Gureum.
            metadata.Generation is null || status?.SyncedGeneration != metadata.Generation)
        {
            // A request seen while writes are blocked is still "handled": the pass looked, as asked.
            RequestToRecord = string.IsNullOrEmpty(requested) ? status?.LastHandledReconcileAt : requested,
        };
    }

    public static bool IsPaused(V1ObjectMeta metadata) =>
        IsTrue(metadata.Annotations ?? new Dictionary<string, string>(), Annotations.Paused);

    /// <summary>The user lets the kind replace a resource whose immutable fields changed (<c>gureum.dev/allow-replacement</c>).</summary>
    public static bool AllowsReplacement(V1ObjectMeta metadata) =>
        IsTrue(metadata.Annotations ?? new Dictionary<string, string>(), Annotations.AllowReplacement);

    private static bool IsTrue(IDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
