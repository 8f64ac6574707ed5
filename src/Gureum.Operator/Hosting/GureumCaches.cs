using Gureum.Api.V1Alpha1;
using Gureum.Runtime;
using Gureum.Runtime.Cache;
using k8s;
using k8s.Models;
using ApiKind = Gureum.Api.V1Alpha1.KindDefinition;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Operator.Hosting;

/// <summary>
/// The runtime's shared caches of every Gureum kind, also of kinds without a controller yet:
/// readiness waits for them and the live view reads them. Reading a kind adds no finalizer.
/// </summary>
internal sealed class GureumCaches
{
    private readonly IReadOnlyList<(ApiKind Kind, Func<bool> Synced, Func<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> List)> _kinds;

    public GureumCaches(ControllerManager manager)
    {
        _kinds =
        [
            Of<IamRole>(manager, IamRole.Definition),
            Of<InstanceGroup>(manager, InstanceGroup.Definition),
            Of<LoadBalancer>(manager, LoadBalancer.Definition),
            Of<DnsRecord>(manager, DnsRecord.Definition),
            Of<Rollout>(manager, Rollout.Definition),
        ];
    }

    public bool HasSynced => _kinds.All(kind => kind.Synced());

    public IEnumerable<(ApiKind Kind, IKubernetesObject<V1ObjectMeta> Object)> All() =>
        _kinds.SelectMany(kind => kind.List().Select(item => (kind.Kind, item)));

        private static (ApiKind, Func<bool>, Func<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>>) Of<T>(ControllerManager manager, ApiKind kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        IResourceCache<T> cache = manager.GetCache<T>(Gureum.Controllers.GureumControllers.Runtime(kind));
        return (kind, () => cache.HasSynced, () => cache.List());
    }
}
