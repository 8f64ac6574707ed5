using System.Security.Cryptography;
using System.Text;

namespace Gureum.Aws;

/// <summary>Idempotency tokens for the APIs that take one (EC2 RunInstances, CreateLaunchTemplate, ...).
/// The token must be the same for every attempt of one logical create, including the attempt after a
/// lost response and after an operator restart, so it is derived from what identifies the create (for
/// example the object's UID and generation), never random. At most 64 ASCII characters, as EC2 requires.</summary>
public static class ClientToken
{
    public const int MaxLength = 64;

    public static string For(params string[] identity)
    {
        if (identity.Length == 0)
            throw new ArgumentException("A client token needs at least one identifying part.", nameof(identity));
        // A separator no part can contain keeps ("a","bc") and ("ab","c") apart.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0000', identity)));
        return "gureum-" + Convert.ToHexStringLower(hash)[..48];
    }
}
