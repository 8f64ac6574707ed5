namespace Gureum.Aws;

/// <summary>An AWS service as this layer addresses it: its signing name, the suffix of its
/// <c>AWS_ENDPOINT_URL_*</c> variable, its host prefix, and whether it has one global endpoint.</summary>
public sealed record AwsService(string Name, string SigningName, string EndpointEnvSuffix, string HostPrefix, bool IsGlobal)
{
    public static readonly AwsService Ec2 = new("ec2", "ec2", "EC2", "ec2", false);
    public static readonly AwsService AutoScaling = new("autoscaling", "autoscaling", "AUTO_SCALING", "autoscaling", false);
    public static readonly AwsService ElasticLoadBalancingV2 = new("elasticloadbalancingv2", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2", "elasticloadbalancing", false);
    public static readonly AwsService Iam = new("iam", "iam", "IAM", "iam", true);
    public static readonly AwsService Route53 = new("route53", "route53", "ROUTE_53", "route53", true);
    public static readonly AwsService Sts = new("sts", "sts", "STS", "sts", false);

    public static IReadOnlyList<AwsService> All { get; } = [Ec2, AutoScaling, ElasticLoadBalancingV2, Iam, Route53, Sts];
}
