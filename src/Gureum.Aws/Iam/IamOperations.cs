namespace Gureum.Aws.Iam;

/// <summary>The IAM operations Gureum calls (and so the iam: actions its policy allows).</summary>
public static class IamOperations
{
    public static readonly AwsOperation CreateRole = Write("CreateRole");
    public static readonly AwsOperation GetRole = Read("GetRole");
    public static readonly AwsOperation UpdateRole = Write("UpdateRole");
    public static readonly AwsOperation UpdateAssumeRolePolicy = Write("UpdateAssumeRolePolicy");
    public static readonly AwsOperation DeleteRole = Write("DeleteRole");
    public static readonly AwsOperation PutRolePolicy = Write("PutRolePolicy");
    public static readonly AwsOperation GetRolePolicy = Read("GetRolePolicy");
    public static readonly AwsOperation DeleteRolePolicy = Write("DeleteRolePolicy");
    public static readonly AwsOperation ListRolePolicies = Read("ListRolePolicies");
    public static readonly AwsOperation AttachRolePolicy = Write("AttachRolePolicy");
    public static readonly AwsOperation DetachRolePolicy = Write("DetachRolePolicy");
    public static readonly AwsOperation ListAttachedRolePolicies = Read("ListAttachedRolePolicies");
    public static readonly AwsOperation PutRolePermissionsBoundary = Write("PutRolePermissionsBoundary");
    public static readonly AwsOperation DeleteRolePermissionsBoundary = Write("DeleteRolePermissionsBoundary");
    public static readonly AwsOperation TagRole = Write("TagRole");
    public static readonly AwsOperation UntagRole = Write("UntagRole");
    public static readonly AwsOperation ListRoleTags = Read("ListRoleTags");
    public static readonly AwsOperation CreateInstanceProfile = Write("CreateInstanceProfile");
    public static readonly AwsOperation GetInstanceProfile = Read("GetInstanceProfile");
    public static readonly AwsOperation AddRoleToInstanceProfile = Write("AddRoleToInstanceProfile");
    public static readonly AwsOperation RemoveRoleFromInstanceProfile = Write("RemoveRoleFromInstanceProfile");
    public static readonly AwsOperation DeleteInstanceProfile = Write("DeleteInstanceProfile");
    public static readonly AwsOperation TagInstanceProfile = Write("TagInstanceProfile");
    public static readonly AwsOperation GetPolicy = Read("GetPolicy");
    public static readonly AwsOperation GetAccountAuthorizationDetails = Read("GetAccountAuthorizationDetails");

    private static AwsOperation Read(string name) => AwsOperation.Read(AwsService.Iam, name);

    private static AwsOperation Write(string name) => AwsOperation.Write(AwsService.Iam, name);
}
