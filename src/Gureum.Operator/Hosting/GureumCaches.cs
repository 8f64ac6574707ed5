using Gureum.Controllers;
using Gureum.Runtime;
using k8s;
using k8s.Models;
using ApiKind = Gureum.Api.V1Alpha1.KindDefinition;

namespace Gureum.Operator.Hosting;

/// <summary>
/// The runtime's shared caches of every Gureum kind (the controllers' list of kinds), also of kinds
/// without a controller yet: readiness waits for them and the live view reads them.
/// </summary>
internal sealed class GureumCaches(ControllerManager manager)
{
    private readonly IReadOnlyList<CachedKind> _kinds = GureumControllers.Caches(manager);

    public bool HasSynced => _kinds.All(kind => kind.HasSynced());

    public IEnumerable<(ApiKind Kind, IKubernetesObject<V1ObjectMeta> Object)> All() =>
        _kinds.SelectMany(kind => kind.List().Select(item => (kind.Definition, item)));
}
