using System.Security.Cryptography;
using System.Text;

namespace Gureum.Controllers.InstanceGroups;

/// <summary>
/// Pure naming rules: an InstanceGroup's Auto Scaling group and launch template share one name,
/// <c>&lt;namespace&gt;-&lt;name&gt;</c>, readable in the console and the CLI. Kubernetes names fit the
/// launch template's characters; a name longer than its 128 characters keeps its start and ends in a
/// hash of the whole, so it stays stable and two long names never collide.
/// </summary>
public static class GroupNames
{
    /// <summary>Launch template names are 3..128 characters (Auto Scaling group names may be 255).</summary>
    public const int MaxLength = 128;

    public static string For(string? @namespace, string name)
    {
        var derived = $"{@namespace ?? "default"}-{name}";
        if (derived.Length <= MaxLength)
            return derived;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(derived)))[..8];
        return derived[..(MaxLength - hash.Length - 1)].TrimEnd('-', '.') + "-" + hash;
    }

    /// <summary>The one target tracking policy Gureum keeps on a group; other policies are left alone.</summary>
    public const string ScalingPolicy = "gureum-target-tracking";
}
