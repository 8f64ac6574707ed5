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
            kit.Identity,
            kit.Time,
            kit.Options.LookupWindow,
            ResyncLookupWindow(kit.Options),
            kit.Options.DriftInterval * kit.Options.FullReadEvery,
            kit.Options.DriftInterval / 4);
        var controller = kit.Managed(Name, GureumControllers.InstanceGroupKind, kind);
        // Its passes wait on shared 100-name lookups, which batch only the passes running at once; a waiting pass holds no thread.
        kit.Manager.Add((controller with { Workers = Math.Max(controller.Workers, InstanceGroupKind.GroupsPerDescribe) })
            .WithReferences(
                new ReferenceField<InstanceGroup, IamRole>(IamRoleRefIndex, GureumControllers.IamRoleKind, group => [group.Spec?.Template?.IamRoleRef]),
                new ReferenceField<InstanceGroup, LoadBalancer>(LoadBalancerRefsIndex, GureumControllers.LoadBalancerKind, group => group.Spec?.LoadBalancerRefs ?? [])));
        return Name;
    }

    /// <summary>
    /// How long a resync pass's describe waits for other passes: a twentieth of the drift interval (3 s at 60 s), never
    /// less than the lookup window. The resync spreads N objects over a tenth of the interval, so a batch gathers about
    /// half of them, up to the 100 names Auto Scaling takes: a drift pass of 200 groups costs about 2 describes.
    /// </summary>
    internal static TimeSpan ResyncLookupWindow(GureumControllerOptions options) =>
        options.DriftInterval / 20 > options.LookupWindow ? options.DriftInterval / 20 : options.LookupWindow;
}
