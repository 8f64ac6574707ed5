using System.Text.Json.Nodes;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.IamRoles;

/// <summary>The role a valid spec asks for, as IAM takes it: documents as JSON text, tags with our claim.</summary>
internal sealed record DesiredRole(
    string Name,
    string Path,
    string TrustPolicy,
    string Description,
    int MaxSessionDuration,
    string? PermissionsBoundaryArn,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> Tags,
    bool InstanceProfile)
{
    public static DesiredRole From(IamRoleSpec spec, string name, OwnerClaim claim)
    {
        var tags = new Dictionary<string, string>(spec.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in claim.Tags)
            tags[key] = value;
        return new DesiredRole(
            name,
            spec.Path,
            spec.AssumeRolePolicy?.ToJsonString() ?? TrustServices(spec.TrustedServices ?? []),
            spec.Description ?? "",
            spec.MaxSessionDurationSeconds,
            string.IsNullOrEmpty(spec.PermissionsBoundaryArn) ? null : spec.PermissionsBoundaryArn,
            (spec.InlinePolicies ?? new Dictionary<string, JsonObject>()).ToDictionary(p => p.Key, p => p.Value.ToJsonString(), StringComparer.Ordinal),
            [.. spec.ManagedPolicyArns ?? []],
            tags,
            spec.InstanceProfile?.Enabled == true);
    }

    /// <summary>The <c>trustedServices</c> shorthand: these services may assume the role.</summary>
    public static string TrustServices(IReadOnlyList<string> services) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Service"] = new JsonArray([.. services.Select(s => (JsonNode)s)]) },
            ["Action"] = "sts:AssumeRole",
        }),
    }.ToJsonString();
}
