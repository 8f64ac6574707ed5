namespace Gureum.Aws.AutoScaling;

/// <summary>The Auto Scaling operations Gureum calls (and so the autoscaling: actions its policy allows).</summary>
public static class AutoScalingOperations
{
    public static readonly AwsOperation CreateAutoScalingGroup = Write("CreateAutoScalingGroup");
    public static readonly AwsOperation UpdateAutoScalingGroup = Write("UpdateAutoScalingGroup");
    public static readonly AwsOperation DeleteAutoScalingGroup = Write("DeleteAutoScalingGroup");
    public static readonly AwsOperation DescribeAutoScalingGroups = Read("DescribeAutoScalingGroups");
    public static readonly AwsOperation SetDesiredCapacity = Write("SetDesiredCapacity");
    public static readonly AwsOperation TerminateInstanceInAutoScalingGroup = Write("TerminateInstanceInAutoScalingGroup");
    public static readonly AwsOperation AttachLoadBalancerTargetGroups = Write("AttachLoadBalancerTargetGroups");
    public static readonly AwsOperation DetachLoadBalancerTargetGroups = Write("DetachLoadBalancerTargetGroups");
    public static readonly AwsOperation CreateOrUpdateTags = Write("CreateOrUpdateTags");
    public static readonly AwsOperation DeleteTags = Write("DeleteTags");
    public static readonly AwsOperation PutScalingPolicy = Write("PutScalingPolicy");
    public static readonly AwsOperation DescribePolicies = Read("DescribePolicies");
    public static readonly AwsOperation DeletePolicy = Write("DeletePolicy");
    public static readonly AwsOperation StartInstanceRefresh = Write("StartInstanceRefresh");
    public static readonly AwsOperation DescribeInstanceRefreshes = Read("DescribeInstanceRefreshes");
    public static readonly AwsOperation CancelInstanceRefresh = Write("CancelInstanceRefresh");
    public static readonly AwsOperation DescribeScalingActivities = Read("DescribeScalingActivities");

    private static AwsOperation Read(string name) => AwsOperation.Read(AwsService.AutoScaling, name);

    private static AwsOperation Write(string name) => AwsOperation.Write(AwsService.AutoScaling, name);
}
