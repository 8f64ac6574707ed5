using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.IamRoles;

/// <summary>Pure: every way the role in IAM differs from the spec, one entry per field (and per policy, tag).</summary>
internal static class RoleComparer
{
    public const string InstanceProfilePath = "spec.instanceProfile.enabled";

    public static IReadOnlyList<DriftEntry> Compare(IamRoleState state)
    {
        var desired = state.Desired;
        if (state.Role is not { } role)
            return [Drift.Missing()];
        return
        [
            .. Drift.Policy(TrustPath(state), desired.TrustPolicy, role.AssumeRolePolicyDocument),
            // A light state is read from the account's role listing, which has neither.
            .. state.Light ? [] : Drift.Scalar("spec.description", desired.Description, role.Description ?? ""),
            .. state.Light ? [] : Drift.Scalar("spec.maxSessionDurationSeconds", desired.MaxSessionDuration, role.MaxSessionDuration),
            .. Drift.Scalar("spec.permissionsBoundaryArn", desired.PermissionsBoundaryArn, role.PermissionsBoundaryArn),
            .. InlinePolicies(desired.InlinePolicies, state.InlinePolicies),
            .. ManagedPolicies(desired.ManagedPolicyArns, state.AttachedPolicyArns),
            .. Drift.Tags("spec.tags", desired.Tags, role.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)),
            .. state.Light ? [] : Profile(state),
        ];
    }

    private static string TrustPath(IamRoleState state) => state.TrustFromServices ? "spec.trustedServices" : "spec.assumeRolePolicy";

    private static IEnumerable<DriftEntry> InlinePolicies(IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> actual)
    {
        foreach (var name in desired.Keys.Union(actual.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            desired.TryGetValue(name, out var want);
            actual.TryGetValue(name, out var have);
            foreach (var entry in Drift.Policy($"spec.inlinePolicies[{name}]", want, have))
                yield return entry;
        }
    }

    private static IEnumerable<DriftEntry> ManagedPolicies(IReadOnlyList<string> desired, IReadOnlyList<string> actual)
    {
        foreach (var arn in desired.Except(actual, StringComparer.Ordinal))
            yield return Drift.Entry($"spec.managedPolicyArns[{arn}]", "attached", "not attached");
        foreach (var arn in actual.Except(desired, StringComparer.Ordinal))
            yield return Drift.Entry($"spec.managedPolicyArns[{arn}]", "not attached", "attached");
    }

    private static IEnumerable<DriftEntry> Profile(IamRoleState state)
    {
        var holdsRole = state.Profile?.Roles.Any(r => r.RoleName == state.Desired.Name) == true;
        if (state.Desired.InstanceProfile && !holdsRole)
            yield return Drift.Entry(InstanceProfilePath, "instance profile holding the role",
                state.Profile is null ? "no instance profile" : "instance profile without the role");
        else if (!state.Desired.InstanceProfile && state.Profile is not null && state.ProfileOurs)
            yield return Drift.Entry(InstanceProfilePath, "no instance profile", "instance profile " + state.Profile.InstanceProfileName);
    }
}
