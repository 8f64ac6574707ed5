using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.InstanceGroups;

/// <summary>InstanceGroup's registration: the kit's pass around <see cref="InstanceGroupKind"/>, and the watches on the IamRole and LoadBalancers it names.</summary>
internal static class InstanceGroupController
{
    public const string Name = "instancegroup";
    public const string IamRoleRefIndex = "spec.template.iamRoleRef";
    public const string LoadBalancerRefsIndex = "spec.loadBalancerRefs";

    public static string Add(ControllerKit kit)
    {
        var kind = new InstanceGroupKind(
            kit.Aws.Ec2Compute,
            kit.Aws.AutoScaling,
            kit.Aws.Ec2Network,
            kit.Manager.GetCache<IamRole>(GureumControllers.IamRoleKind),
            kit.Manager.GetCache<LoadBalancer>(GureumControllers.LoadBalancerKind),
            kit.Identity);
        kit.Manager.Add(kit.Managed(Name, GureumControllers.InstanceGroupKind, kind)
            .WithReferences(
                new ReferenceField<InstanceGroup, IamRole>(IamRoleRefIndex, GureumControllers.IamRoleKind, group => [group.Spec?.Template?.IamRoleRef]),
                new ReferenceField<InstanceGroup, LoadBalancer>(LoadBalancerRefsIndex, GureumControllers.LoadBalancerKind, group => group.Spec?.LoadBalancerRefs ?? [])));
        return Name;
    }
}
