namespace Gureum.Aws.Pipeline;

/// <summary>A token bucket: sustained requests per second and the burst it may save up.</summary>
public sealed record AwsRateLimit(double RequestsPerSecond, int Burst)
{
    public AwsRateLimit Validate()
    {
        if (RequestsPerSecond <= 0 || Burst < 1)
            throw new ArgumentOutOfRangeException(nameof(RequestsPerSecond), $"A rate limit needs a positive rate and a burst of at least 1 (got {RequestsPerSecond}/s, burst {Burst}).");
        return this;
    }
}

/// <summary>Per-service buckets (EC2 and ELBv2 split describe from mutate, as their request-token
/// buckets do). The defaults are <see cref="AwsServiceCatalog"/>'s published rates, the same figures
/// the emulator throttles at; each can be overridden.</summary>
public sealed record AwsRateLimits
{
    public AwsRateLimit Route53 { get; init; } = Of(AwsServiceCatalog.Route53.Describe);
    public AwsRateLimit Ec2Describe { get; init; } = Of(AwsServiceCatalog.Ec2.Describe);
    public AwsRateLimit Ec2Mutate { get; init; } = Of(AwsServiceCatalog.Ec2.Mutate!);
    public AwsRateLimit ElasticLoadBalancingDescribe { get; init; } = Of(AwsServiceCatalog.ElasticLoadBalancingV2.Describe);
    public AwsRateLimit ElasticLoadBalancingMutate { get; init; } = Of(AwsServiceCatalog.ElasticLoadBalancingV2.Mutate!);
    public AwsRateLimit AutoScaling { get; init; } = Of(AwsServiceCatalog.AutoScaling.Describe);
    public AwsRateLimit Iam { get; init; } = Of(AwsServiceCatalog.Iam.Describe);
    public AwsRateLimit Sts { get; init; } = Of(AwsServiceCatalog.Sts.Describe);

    public static AwsRateLimits Default { get; } = new();

    /// <summary>The bucket a call draws from, and its key suffix (describe and mutate are separate buckets).</summary>
    public (AwsRateLimit Limit, string Bucket) For(AwsService service, bool mutating)
    {
        var bucket = service.Catalog.BucketFor(mutating);
        if (service == AwsService.Route53) return (Route53, bucket);
        if (service == AwsService.Ec2) return (mutating ? Ec2Mutate : Ec2Describe, bucket);
        if (service == AwsService.ElasticLoadBalancingV2)
            return (mutating ? ElasticLoadBalancingMutate : ElasticLoadBalancingDescribe, bucket);
        if (service == AwsService.AutoScaling) return (AutoScaling, bucket);
        if (service == AwsService.Iam) return (Iam, bucket);
        return (Sts, bucket);
    }

    private static AwsRateLimit Of(CatalogRate rate) => new(rate.RequestsPerSecond, rate.Burst);
}
