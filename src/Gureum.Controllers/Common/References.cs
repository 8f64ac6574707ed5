using Gureum.Api.V1Alpha1;
using Gureum.Runtime;
using Gureum.Runtime.Cache;
using k8s;
using k8s.Models;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Controllers.Common;

/// <summary>
/// One <c>...Ref</c> field: objects of <typeparamref name="TOwner"/> naming objects of
/// <typeparamref name="TTarget"/> in their own namespace (never across namespaces). It indexes the
/// owners by what they name and watches the targets, so an owner is reconciled as soon as a
/// target it names changes.
/// </summary>
public sealed class ReferenceField<TOwner, TTarget>(string path, RuntimeKind targetKind, Func<TOwner, IEnumerable<LocalObjectReference?>> references)
    : IReferenceField<TOwner>
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
    where TTarget : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The field's path (spec.alias.loadBalancerRef), also the owner cache's index name.</summary>
    public string Path { get; } = path;

    public RuntimeKind TargetKind { get; } = targetKind;

    public Func<TOwner, IEnumerable<string>> Index => owner =>
        references(owner).OfType<LocalObjectReference>().Select(reference => Runtime.Watch.IndexKey(owner.Metadata.NamespaceProperty, reference.Name));

    public WatchDefinition<TOwner> Watch => Runtime.Watch.Related<TOwner, TTarget>(TargetKind, (target, owners) =>
        owners.ByIndex(Path, Runtime.Watch.IndexKey(target.Metadata.NamespaceProperty, target.Metadata.Name)).Select(ObjectKey.Of),
        References.Matters<TTarget>());
}

/// <summary>A reference resolved: the target, or why the referencing object must wait.</summary>
public sealed record Resolved<TTarget>(TTarget? Target, string? WaitingBecause)
    where TTarget : class
{
    public bool IsReady => Target is not null && WaitingBecause is null;
}

public static class References
{
    /// <summary>
    /// Whether a change to a referenced (or owned) object wakes the objects that use it: anything but the
    /// heartbeat every pass writes (<c>status.lastSyncedTime</c>). Otherwise every resync pass of an IamRole or a
    /// LoadBalancer would wake each InstanceGroup that uses it, doubling its passes and scattering the describes
    /// they share.
    /// </summary>
    public static Func<TTarget?, TTarget, bool> Matters<TTarget>()
        where TTarget : class, IKubernetesObject<V1ObjectMeta> => Runtime.Watch.ChangesBeyond<TTarget>("status.lastSyncedTime");

    /// <summary>
    /// The object <paramref name="reference"/> names in <paramref name="owner"/>'s namespace, ready
    /// when <paramref name="notReadyBecause"/> returns null for it.
    /// </summary>
    public static Resolved<TTarget> Resolve<TTarget>(
        IResourceCache<TTarget>? cache, IKubernetesObject<V1ObjectMeta> owner, LocalObjectReference reference, Func<TTarget, string?> notReadyBecause)
        where TTarget : class, IKubernetesObject<V1ObjectMeta>
    {
        var target = cache?.Get(new ObjectKey(owner.Metadata.NamespaceProperty, reference.Name));
        if (target is null)
            return new(null, "it does not exist");
        if (target.Metadata.DeletionTimestamp is not null)
            return new(target, "it is being deleted");
        return new(target, notReadyBecause(target));
    }

    /// <summary>The observation that waits for an unresolved reference, naming the blocking object.</summary>
    public static Observation<TState> Waiting<TState, TTarget>(Resolved<TTarget> resolved, string targetKind, LocalObjectReference reference)
        where TTarget : class =>
        Observe.WaitingFor<TState>(targetKind, reference.Name, resolved.WaitingBecause ?? "it is not ready");

    /// <summary>A controller definition with the indexes and watches its reference fields need.</summary>
    public static ControllerDefinition<TOwner> WithReferences<TOwner>(this ControllerDefinition<TOwner> definition, params IReferenceField<TOwner>[] fields)
        where TOwner : class, IKubernetesObject<V1ObjectMeta>
    {
        var indexes = new Dictionary<string, Func<TOwner, IEnumerable<string>>>(definition.Indexes);
        foreach (var field in fields)
            indexes[field.Path] = field.Index;
        return definition with { Indexes = indexes, Watches = [.. definition.Watches, .. fields.Select(field => field.Watch)] };
    }
}

/// <summary>A reference field seen from its owner's side only.</summary>
public interface IReferenceField<TOwner>
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
{
    string Path { get; }

    Func<TOwner, IEnumerable<string>> Index { get; }

    WatchDefinition<TOwner> Watch { get; }
}
