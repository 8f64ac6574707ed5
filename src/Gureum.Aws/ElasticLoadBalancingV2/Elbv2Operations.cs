namespace Gureum.Aws.ElasticLoadBalancingV2;

/// <summary>The ELBv2 operations Gureum calls (and so the elasticloadbalancing: actions its policy allows).</summary>
public static class Elbv2Operations
{
    public static readonly AwsOperation CreateLoadBalancer = Write("CreateLoadBalancer");
    public static readonly AwsOperation DescribeLoadBalancers = Read("DescribeLoadBalancers");
    public static readonly AwsOperation DeleteLoadBalancer = Write("DeleteLoadBalancer");
    public static readonly AwsOperation DescribeLoadBalancerAttributes = Read("DescribeLoadBalancerAttributes");
    public static readonly AwsOperation ModifyLoadBalancerAttributes = Write("ModifyLoadBalancerAttributes");
    public static readonly AwsOperation SetSecurityGroups = Write("SetSecurityGroups");
    public static readonly AwsOperation SetSubnets = Write("SetSubnets");
    public static readonly AwsOperation CreateTargetGroup = Write("CreateTargetGroup");
    public static readonly AwsOperation DescribeTargetGroups = Read("DescribeTargetGroups");
    public static readonly AwsOperation ModifyTargetGroup = Write("ModifyTargetGroup");
    public static readonly AwsOperation DeleteTargetGroup = Write("DeleteTargetGroup");
    public static readonly AwsOperation DescribeTargetGroupAttributes = Read("DescribeTargetGroupAttributes");
    public static readonly AwsOperation ModifyTargetGroupAttributes = Write("ModifyTargetGroupAttributes");
    public static readonly AwsOperation DescribeTargetHealth = Read("DescribeTargetHealth");
    public static readonly AwsOperation RegisterTargets = Write("RegisterTargets");
    public static readonly AwsOperation DeregisterTargets = Write("DeregisterTargets");
    public static readonly AwsOperation CreateListener = Write("CreateListener");
    public static readonly AwsOperation DescribeListeners = Read("DescribeListeners");
    public static readonly AwsOperation ModifyListener = Write("ModifyListener");
    public static readonly AwsOperation DeleteListener = Write("DeleteListener");
    public static readonly AwsOperation AddTags = Write("AddTags");
    public static readonly AwsOperation RemoveTags = Write("RemoveTags");
    public static readonly AwsOperation DescribeTags = Read("DescribeTags");

    private static AwsOperation Read(string name) => AwsOperation.Read(AwsService.ElasticLoadBalancingV2, name);

    private static AwsOperation Write(string name) => AwsOperation.Write(AwsService.ElasticLoadBalancingV2, name);
}
