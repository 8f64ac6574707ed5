using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gureum.Local.Aws.Ec2;

/// <summary>One kind of EC2 id: its prefix (<c>subnet</c>), the prefix of its error codes
/// (<c>InvalidSubnetID</c>) and how EC2 words "does not exist" for it.</summary>
internal sealed record Ec2IdKind(string Prefix, string ErrorPrefix, Func<IReadOnlyList<string>, string> NotFoundMessage)
{
    public static readonly Ec2IdKind Vpc = new("vpc", "InvalidVpcID",
        ids => ids.Count == 1 ? $"The vpc ID '{ids[0]}' does not exist" : $"The vpc IDs '{string.Join(", ", ids)}' do not exist");
    public static readonly Ec2IdKind Subnet = new("subnet", "InvalidSubnetID",
        ids => ids.Count == 1 ? $"The subnet ID '{ids[0]}' does not exist" : $"The subnet IDs '{string.Join(", ", ids)}' do not exist");
    // Security groups have two codes: a malformed id is InvalidGroupId.Malformed, a missing one InvalidGroup.NotFound.
    public static readonly Ec2IdKind SecurityGroup = new("sg", "InvalidGroupId",
        ids => ids.Count == 1 ? $"The security group '{ids[0]}' does not exist" : $"The security groups '{string.Join(", ", ids)}' do not exist");
    public static readonly Ec2IdKind Image = new("ami", "InvalidAMIID",
        ids => $"The image id '[{string.Join(", ", ids)}]' does not exist");
}

/// <summary>EC2 ids: <c>prefix-</c> and 8 or 17 lower-case hex digits. Seeded resources get ids derived from
/// account, region and a key, so a restarted emulator (or another machine) shows the same default subnets.</summary>
internal static partial class Ec2Ids
{
    public static bool IsWellFormed(Ec2IdKind kind, string id) =>
        id.StartsWith(kind.Prefix + "-", StringComparison.Ordinal) && Hex().IsMatch(id[(kind.Prefix.Length + 1)..]);

    public static string Derived(string prefix, params string[] parts) =>
        $"{prefix}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', parts))))[..17]}";

    public static string Random(string prefix) =>
        $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17]}";

    /// <summary>Checks requested ids: malformed ones fail first, then every unknown one, as EC2 does.</summary>
    public static void RequireAll(Ec2IdKind kind, IReadOnlyList<string> requested, Func<string, bool> exists, string? notFoundCode = null)
    {
        if (requested.FirstOrDefault(id => !IsWellFormed(kind, id)) is { } malformed)
            throw Ec2Errors.Malformed(kind, malformed);
        var missing = requested.Where(id => !exists(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw notFoundCode is null
                ? Ec2Errors.NotFound(kind, missing)
                : Ec2Errors.Error(notFoundCode, kind.NotFoundMessage(missing));
    }

    [GeneratedRegex("^(?:[0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();
}
