using Gureum.Controllers.Common;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>LoadBalancer's registration: the kit's pass around <see cref="LoadBalancerKind"/>.</summary>
internal static class LoadBalancerController
{
    public const string Name = "loadbalancer";

    public static string Add(ControllerKit kit)
    {
        var kind = new LoadBalancerKind(
            kit.Aws.Elbv2, kit.Aws.Ec2Network, kit.Identity, kit.Time, kit.Options.LookupWindow, kit.Options.DriftInterval * kit.Options.FullReadEvery, kit.Options.DriftInterval);
        var controller = kit.Managed(Name, GureumControllers.LoadBalancerKind, kind,
            Dependents.Of("InstanceGroup", kit.Manager.GetCache<Gureum.Api.V1Alpha1.InstanceGroup>(GureumControllers.InstanceGroupKind), InstanceGroups.InstanceGroupController.LoadBalancerRefsIndex));
        // Its passes wait on shared 20-key lookups, which batch only the passes running at once; a waiting pass holds no thread.
        kit.Manager.Add(controller with { Workers = Math.Max(controller.Workers, LoadBalancerKind.KeysPerDescribe) });
        return Name;
    }
}
