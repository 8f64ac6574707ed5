using k8s;
using k8s.Models;

namespace Gureum.Runtime;

/// <summary>The identity of one object of a kind: what the work queue holds and the reconciler is woken for.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> resource) =>
        new(resource.Metadata.NamespaceProperty, resource.Metadata.Name);

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
