using Gureum.Controllers.Common;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>LoadBalancer's registration: the kit's pass around <see cref="LoadBalancerKind"/>.</summary>
internal static class LoadBalancerController
{
    public const string Name = "loadbalancer";

    public static string Add(ControllerKit kit)
    {
        kit.Manager.Add(kit.Managed(Name, GureumControllers.LoadBalancerKind, new LoadBalancerKind(
            kit.Aws.Elbv2, kit.Aws.Ec2Network, kit.Identity, kit.Time, kit.Options.LookupWindow, kit.Options.DriftInterval * kit.Options.FullReadEvery),
            minWorkers: LoadBalancerKind.KeysPerDescribe));
        return Name;
    }
}
