using Gureum.Controllers.Common;

namespace Gureum.Controllers.IamRoles;

/// <summary>IamRole's registration: the kit's pass around <see cref="IamRoleKind"/>.</summary>
internal static class IamRoleController
{
    public const string Name = "iamrole";

    public static string Add(ControllerKit kit)
    {
        kit.Manager.Add(kit.Managed(Name, GureumControllers.IamRoleKind,
            new IamRoleKind(kit.Aws.Iam, kit.Identity, kit.Options.AllowWildcardTrust, kit.Time,
                kit.Options.DriftInterval * kit.Options.FullReadEvery, kit.Options.DriftInterval / 4),
            Dependents.Of("InstanceGroup", kit.Manager.GetCache<Gureum.Api.V1Alpha1.InstanceGroup>(GureumControllers.InstanceGroupKind), InstanceGroups.InstanceGroupController.IamRoleRefIndex)));
        return Name;
    }
}
