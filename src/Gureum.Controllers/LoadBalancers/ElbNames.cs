using System.Security.Cryptography;
using System.Text;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>
/// Pure naming rules for ELBv2: load balancer and target group names are at most 32 characters of
/// letters, digits and hyphens, neither starting nor ending with a hyphen, and a load balancer's
/// may not start with "internal-". Names are derived from namespace and name with a hash of both,
/// so two namespaces never collide and a retried create finds the same name.
/// </summary>
public static class ElbNames
{
    public const int MaxLength = 32;
    private const int HashLength = 8;

    /// <summary>
    /// The name of a LoadBalancer's load balancer and of its target group (AWS keeps the two kinds
    /// of names apart): <c>&lt;namespace&gt;-&lt;name&gt;</c> cleaned and cut to leave room for
    /// <c>-&lt;hash&gt;</c> of the full identity.
    /// </summary>
    public static string For(string? @namespace, string name) => Build(@namespace, name, $"{@namespace ?? "default"}/{name}");

    /// <summary>
    /// The name of a replacement target group or load balancer: the same readable part, the hash taken over the
    /// identity and the replaced-for <paramref name="variant"/> (a target group's protocol, port and target type; a
    /// load balancer's type and scheme), so it differs from
    /// <see cref="For"/>, is the same on every retry, and a later pass finds it by name.
    /// </summary>
    public static string Replacement(string? @namespace, string name, string variant) =>
        Build(@namespace, name, $"{@namespace ?? "default"}/{name}#{variant}");

    /// <summary>Every <c>&lt;type&gt;:&lt;scheme&gt;</c> a load balancer can have: the variants a replacement load balancer's name is made for.</summary>
    public static readonly IReadOnlyList<string> LoadBalancerVariants =
        ["application:internet-facing", "application:internal", "network:internet-facing", "network:internal"];

    /// <summary>Every name a LoadBalancer's load balancer may have: its own (<see cref="For"/>) and each replacement's.</summary>
    public static IReadOnlyList<string> LoadBalancerNames(string? @namespace, string name) =>
        [For(@namespace, name), .. LoadBalancerVariants.Select(variant => Replacement(@namespace, name, variant))];

    private static string Build(string? @namespace, string name, string identity)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..HashLength];
        var readable = Clean($"{@namespace ?? "default"}-{name}");
        if (readable.StartsWith("internal-", StringComparison.Ordinal))
            readable = "i-" + readable["internal-".Length..];
        var room = MaxLength - HashLength - 1;
        readable = readable.Length > room ? readable[..room] : readable;
        readable = readable.Trim('-');
        return readable.Length == 0 ? hash : $"{readable}-{hash}";
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        var cleaned = builder.ToString();
        while (cleaned.Contains("--", StringComparison.Ordinal))
            cleaned = cleaned.Replace("--", "-", StringComparison.Ordinal);
        return cleaned.Trim('-');
    }
}
