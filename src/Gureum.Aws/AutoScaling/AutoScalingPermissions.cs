namespace Gureum.Aws.AutoScaling;

/// <summary>Actions Gureum never calls itself but that AWS checks on the caller of Auto Scaling's writes: a group
/// created or updated with a launch template (and an instance refresh to one) needs <c>ec2:RunInstances</c> on the
/// template, and <c>iam:PassRole</c> for the template's instance profile role. Declared here so the operator's
/// policy (deploy/iam-policy.json, compared with every declared operation by a test) allows them.</summary>
public static class AutoScalingPermissions
{
    public static readonly AwsOperation RunInstancesFromLaunchTemplate = AwsOperation.Write(AwsService.Ec2, "RunInstances");
    public static readonly AwsOperation PassInstanceProfileRole = AwsOperation.Write(AwsService.Iam, "PassRole");
}
