// ONE table of the AWS services Gureum talks to. This file is compiled into Gureum.Aws (endpoints,
// client rate limits) and, as a linked source file, into Gureum.Local (the emulator's routing and
// throttling), so the client and the emulator can never disagree. Keep it free of any other type.
namespace Gureum.Aws;

/// <summary>A token bucket as AWS publishes it: sustained requests per second and the burst saved up.</summary>
internal sealed record CatalogRate(double RequestsPerSecond, int Burst);

/// <summary>One AWS service: how it is signed and addressed, the error code it throttles with, and its
/// published request rates. <see cref="Mutate"/> is null when reads and writes share one bucket.</summary>
internal sealed record CatalogService(
    string Name,
    string SigningName,
    string EndpointEnvSuffix,
    string HostPrefix,
    bool IsGlobal,
    string ThrottlingCode,
    CatalogRate Describe,
    CatalogRate? Mutate = null)
{
    public CatalogRate RateFor(bool mutating) => mutating && Mutate is not null ? Mutate : Describe;

    /// <summary>The bucket's key suffix: "describe"/"mutate" when split, else "all".</summary>
    public string BucketFor(bool mutating) => Mutate is null ? "all" : mutating ? "mutate" : "describe";
}

internal static class AwsServiceCatalog
{
    // EC2 publishes its request-token buckets (non-mutating 20/s burst 100, mutating 5/s; we keep the
    // mutating burst at 50, well inside AWS's). Route53 and ELBv2 publish per-account rates. IAM, Auto
    // Scaling and STS publish no fixed numbers: these are conservative figures well under what AWS
    // accepts, used by the operator as its ceiling and by the emulator when throttling is switched on.
    public static readonly CatalogService Ec2 = new("ec2", "ec2", "EC2", "ec2", false, "RequestLimitExceeded",
        Describe: new(20, 100), Mutate: new(5, 50));
    public static readonly CatalogService AutoScaling = new("autoscaling", "autoscaling", "AUTO_SCALING", "autoscaling", false, "Throttling",
        Describe: new(10, 40));
    public static readonly CatalogService ElasticLoadBalancingV2 = new("elasticloadbalancingv2", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2", "elasticloadbalancing", false, "Throttling",
        Describe: new(10, 40), Mutate: new(5, 20));
    public static readonly CatalogService Iam = new("iam", "iam", "IAM", "iam", true, "Throttling",
        Describe: new(10, 20));
    public static readonly CatalogService Route53 = new("route53", "route53", "ROUTE_53", "route53", true, "Throttling",
        Describe: new(10, 50));
    public static readonly CatalogService Sts = new("sts", "sts", "STS", "sts", false, "Throttling",
        Describe: new(20, 40));

    public static readonly IReadOnlyList<CatalogService> All = [Ec2, AutoScaling, ElasticLoadBalancingV2, Iam, Route53, Sts];

    public static CatalogService? BySigningName(string signingName) =>
        All.FirstOrDefault(s => string.Equals(s.SigningName, signingName, StringComparison.OrdinalIgnoreCase));
}
