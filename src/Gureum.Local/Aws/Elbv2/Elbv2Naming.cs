using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gureum.Local.Aws.Elbv2;

/// <summary>How ELBv2 names things: ARNs, DNS names, the canonical hosted zone ids per region and type,
/// and its rules for load balancer and target group names.</summary>
internal static class Elbv2Naming
{
    private static readonly Regex NameChars = new("^[A-Za-z0-9-]+$", RegexOptions.CultureInvariant);

    /// <summary>Route53 alias targets: the hosted zone of each region's application and network load
    /// balancers, as AWS publishes them (Elastic Load Balancing endpoints and quotas).</summary>
    private static readonly Dictionary<string, (string Application, string Network)> HostedZones = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = ("Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"),
        ["us-east-2"] = ("Z3AADJGX6KTTL2", "ZLMOA37VPKANP"),
        ["us-west-1"] = ("Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"),
        ["us-west-2"] = ("Z1H1FL5HABSF5", "Z18D5FSROUN65G"),
        ["ca-central-1"] = ("ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"),
        ["sa-east-1"] = ("Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"),
        ["eu-west-1"] = ("Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"),
        ["eu-west-2"] = ("ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"),
        ["eu-west-3"] = ("Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"),
        ["eu-central-1"] = ("Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"),
        ["eu-north-1"] = ("Z23TAZ7KE3B7VX", "Z1UDT6IFJ4EJM"),
        ["ap-south-1"] = ("ZP97RAFLXTNZK", "ZVDDRBQ08TROA"),
        ["ap-northeast-1"] = ("Z14GRHDCWA56QT", "Z31USIVHYNEOWT"),
        ["ap-northeast-2"] = ("ZWKZPGTI48KDX", "ZIBE1TIR4HY56"),
        ["ap-southeast-1"] = ("Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"),
        ["ap-southeast-2"] = ("Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"),
    };

    public static string CanonicalHostedZoneId(string region, string type) =>
        HostedZones.TryGetValue(region, out var zones)
            ? type == "network" ? zones.Network : zones.Application
            // A region we have no published id for: a stable stand-in, so aliases still resolve in the sandbox.
            : "Z" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(region + type)))[..12];

    /// <summary>Application: <c>name-1234567890.region.elb.amazonaws.com</c>; network:
    /// <c>name-0123456789abcdef.elb.region.amazonaws.com</c>, as AWS forms them; internal ones start with
    /// <c>internal-</c>.</summary>
    public static string DnsName(string name, string id, string region, string type, string scheme)
    {
        var prefix = scheme == "internal" ? "internal-" : "";
        return type == "network"
            ? $"{prefix}{name}-{id}.elb.{region}.amazonaws.com"
            : $"{prefix}{name}-{DecimalId(id)}.{region}.elb.amazonaws.com";
    }

    public static string LoadBalancerArn(string region, string account, string type, string name, string id) =>
        $"arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{(type == "network" ? "net" : "app")}/{name}/{id}";

    public static string TargetGroupArn(string region, string account, string name, string id) =>
        $"arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{name}/{id}";

    /// <summary>A listener's ARN extends its load balancer's: <c>...:listener/app/name/lbid/listenerid</c>.</summary>
    public static string ListenerArn(string loadBalancerArn, string id) =>
        loadBalancerArn.Replace(":loadbalancer/", ":listener/", StringComparison.Ordinal) + "/" + id;

    /// <summary>16 hex digits, as in AWS's ARNs.</summary>
    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    /// <summary>AWS's name rules; null when the name is fine, else the ValidationError message.</summary>
    public static string? LoadBalancerNameProblem(string name)
    {
        if (name.Length > 32)
            return $"The load balancer name '{name}' cannot be longer than '32' characters";
        if (name.Length == 0 || !NameChars.IsMatch(name))
            return $"The load balancer name '{name}' can only contain characters that are alphanumeric characters and hyphens(-)";
        if (name.StartsWith('-') || name.EndsWith('-'))
            return $"The load balancer name '{name}' cannot begin or end with a hyphen";
        if (name.StartsWith("internal-", StringComparison.OrdinalIgnoreCase))
            return $"The load balancer name '{name}' cannot begin with 'internal-'";
        return null;
    }

    public static string? TargetGroupNameProblem(string name)
    {
        if (name.Length > 32)
            return $"Target group name '{name}' cannot be longer than '32' characters";
        if (name.Length == 0 || !NameChars.IsMatch(name))
            return $"Target group name '{name}' can only contain characters that are alphanumeric characters or hyphens(-)";
        if (name.StartsWith('-') || name.EndsWith('-'))
            return $"Target group name '{name}' cannot begin or end with '-'";
        return null;
    }

    private static string DecimalId(string hexId) => (Convert.ToUInt64(hexId, 16) % 10_000_000_000UL).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
}
