using System.Security.Cryptography;
using System.Text;
using Gureum.Api.Validation;

namespace Gureum.Controllers.IamRoles;

/// <summary>Pure naming rules for IAM roles.</summary>
public static class IamNames
{
    /// <summary>
    /// <c>spec.roleName</c>, else <c>&lt;namespace&gt;-&lt;name&gt;</c>; a derived name longer than
    /// IAM's 64 characters keeps its start and ends in a hash of the whole, so it stays stable and
    /// two long names never collide.
    /// </summary>
    public static string RoleName(string? @namespace, string name, string? specRoleName)
    {
        if (!string.IsNullOrEmpty(specRoleName))
            return specRoleName;
        var derived = $"{@namespace ?? "default"}-{name}";
        if (derived.Length <= IamRoleValidator.MaxRoleNameLength)
            return derived;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(derived)))[..8];
        return derived[..(IamRoleValidator.MaxRoleNameLength - hash.Length - 1)].TrimEnd('-', '.') + "-" + hash;
    }
}
