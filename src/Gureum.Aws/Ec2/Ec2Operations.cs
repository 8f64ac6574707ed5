namespace Gureum.Aws.Ec2;

/// <summary>The EC2 operations Gureum calls (and so the ec2: actions its policy allows). EC2 is called
/// through the SDK, so these name the pipeline's bucket, metrics and policy entry for each call.</summary>
public static class Ec2Operations
{
    public static readonly AwsOperation DescribeVpcs = Read("DescribeVpcs");
    public static readonly AwsOperation DescribeSubnets = Read("DescribeSubnets");
    public static readonly AwsOperation DescribeSecurityGroups = Read("DescribeSecurityGroups");
    public static readonly AwsOperation DescribeImages = Read("DescribeImages");

    private static AwsOperation Read(string name) => AwsOperation.Read(AwsService.Ec2, name);
}
