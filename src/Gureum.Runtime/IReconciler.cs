using k8s;
using k8s.Models;

namespace Gureum.Runtime;

/// <summary>
/// Converges one object. Level-based: it receives the current cached object, never the
/// event that woke it. Throw to report an error; the controller classifies it.
/// </summary>
public interface IReconciler<in T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(T resource, CancellationToken cancellationToken);

    /// <summary>
    /// Called while the object is being deleted and still carries the controller's finalizer.
    /// The finalizer is removed only after this returns <see cref="ReconcileResult.Done"/>.
    /// </summary>
    Task<ReconcileResult> CleanupAsync(T resource, CancellationToken cancellationToken);
}
