using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;
using Gureum.Runtime;

namespace Gureum.Controllers.Rollouts;

/// <summary>Rollout's registration: the kit's pass around <see cref="RolloutKind"/>, woken by its InstanceGroups and its LoadBalancer.</summary>
internal static class RolloutController
{
    public const string Name = "rollout";
    public const string LoadBalancerRefIndex = "spec.loadBalancerRef";

    public static string Add(ControllerKit kit)
    {
        var kind = new RolloutKind(
            kit.Kubernetes,
            kit.Manager.GetCache<InstanceGroup>(GureumControllers.InstanceGroupKind),
            kit.Manager.GetCache<LoadBalancer>(GureumControllers.LoadBalancerKind),
            kit.Aws.AutoScaling,
            kit.Aws.Elbv2,
            kit.Time);
        var definition = kit.Managed(Name, GureumControllers.RolloutKind, kind)
            .WithReferences(new ReferenceField<Rollout, LoadBalancer>(LoadBalancerRefIndex, GureumControllers.LoadBalancerKind, rollout => [rollout.Spec?.LoadBalancerRef]));
        kit.Manager.Add(definition with
        {
            Watches = [.. definition.Watches, Watch.Owned<Rollout, InstanceGroup>(GureumControllers.InstanceGroupKind, GureumControllers.RolloutKind, References.Matters<InstanceGroup>())],
        });
        return Name;
    }
}
