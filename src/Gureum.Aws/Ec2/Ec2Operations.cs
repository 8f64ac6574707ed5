namespace Gureum.Aws.Ec2;

/// <summary>The EC2 operations Gureum calls (and so the ec2: actions its policy allows). EC2 is called
/// through the SDK, so these name the pipeline's bucket, metrics and policy entry for each call.</summary>
public static class Ec2Operations
{
    public static readonly AwsOperation DescribeVpcs = Read("DescribeVpcs");
    public static readonly AwsOperation DescribeSubnets = Read("DescribeSubnets");
    public static readonly AwsOperation DescribeSecurityGroups = Read("DescribeSecurityGroups");
    public static readonly AwsOperation DescribeImages = Read("DescribeImages");
    public static readonly AwsOperation CreateLaunchTemplate = Write("CreateLaunchTemplate");
    public static readonly AwsOperation CreateLaunchTemplateVersion = Write("CreateLaunchTemplateVersion");
    public static readonly AwsOperation DescribeLaunchTemplates = Read("DescribeLaunchTemplates");
    public static readonly AwsOperation DescribeLaunchTemplateVersions = Read("DescribeLaunchTemplateVersions");
    public static readonly AwsOperation ModifyLaunchTemplate = Write("ModifyLaunchTemplate");
    public static readonly AwsOperation DeleteLaunchTemplate = Write("DeleteLaunchTemplate");
    public static readonly AwsOperation DescribeInstances = Read("DescribeInstances");
    public static readonly AwsOperation CreateTags = Write("CreateTags");
    public static readonly AwsOperation DeleteTags = Write("DeleteTags");

    private static AwsOperation Read(string name) => AwsOperation.Read(AwsService.Ec2, name);

    private static AwsOperation Write(string name) => AwsOperation.Write(AwsService.Ec2, name);
}
