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

/// <summary>Per-service buckets at AWS's published rates (EC2 and ELBv2 split describe from mutate,
/// as their request-token buckets do). IAM, Auto Scaling and STS publish no fixed numbers: the
/// defaults are conservative.</summary>
public sealed record AwsRateLimits
{
    public AwsRateLimit Route53 { get; init; } = new(10, 50);
    public AwsRateLimit Ec2Describe { get; init; } = new(20, 100);
    public AwsRateLimit Ec2Mutate { get; init; } = new(5, 50);
    public AwsRateLimit ElasticLoadBalancingDescribe { get; init; } = new(10, 40);
    public AwsRateLimit ElasticLoadBalancingMutate { get; init; } = new(5, 20);
    public AwsRateLimit AutoScaling { get; init; } = new(5, 20);
    public AwsRateLimit Iam { get; init; } = new(5, 10);
    public AwsRateLimit Sts { get; init; } = new(10, 20);

    public static AwsRateLimits Default { get; } = new();

    /// <summary>The bucket a call draws from, and its key suffix (describe and mutate are separate buckets).</summary>
    public (AwsRateLimit Limit, string Bucket) For(AwsService service, bool mutating)
    {
        if (service == AwsService.Route53) return (Route53, "all");
        if (service == AwsService.Ec2) return mutating ? (Ec2Mutate, "mutate") : (Ec2Describe, "describe");
        if (service == AwsService.ElasticLoadBalancingV2)
            return mutating ? (ElasticLoadBalancingMutate, "mutate") : (ElasticLoadBalancingDescribe, "describe");
        if (service == AwsService.AutoScaling) return (AutoScaling, "all");
        if (service == AwsService.Iam) return (Iam, "all");
        return (Sts, "all");
    }
}
