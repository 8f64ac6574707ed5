namespace Gureum.Local.Aws.Iam;

/// <summary>The AWS managed policies the emulator knows, by ARN (arn:aws:iam::aws:policy/...). Any other
/// ARN is NoSuchEntity, as for a policy that does not exist. Ids have IAM's shape (ANPA + 17) but are
/// the emulator's own; versions are fixed.</summary>
internal static class AwsManagedPolicies
{
    public sealed record ManagedPolicy(string Name, string Path, string Id, string Version, string Description)
    {
        public string Arn => $"arn:aws:iam::aws:policy{Path}{Name}";
    }

    public static readonly IReadOnlyList<ManagedPolicy> All =
    [
        new("AmazonSSMManagedInstanceCore", "/", "ANPAIXSHM2BNB2D3AXXRU", "v2",
            "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality."),
        new("CloudWatchAgentServerPolicy", "/", "ANPAIGOPKN7KRDAKTLG4I", "v2",
            "Permissions required to use AmazonCloudWatchAgent on servers"),
        new("AmazonS3ReadOnlyAccess", "/", "ANPAIZTJ4DXE7G6AGAE6M", "v3",
            "Provides read only access to all buckets via the AWS Management Console."),
        new("AmazonEC2ReadOnlyAccess", "/", "ANPAIGDT4SV4GSETWTBZK", "v1",
            "Provides read only access to Amazon EC2 via the AWS Management Console."),
        new("AdministratorAccess", "/", "ANPAIWMBCKSKIEE64ZLYK", "v1",
            "Provides full access to AWS services and resources."),
        new("ReadOnlyAccess", "/", "ANPAILL3HVNFSB6DCOWYQ", "v1",
            "Provides read-only access to AWS services and resources."),
        new("AmazonEC2ContainerRegistryReadOnly", "/", "ANPAIFYZPA37OOHVIH7KQ", "v1",
            "Provides read-only access to Amazon EC2 Container Registry repositories."),
        new("AmazonSSMReadOnlyAccess", "/", "ANPAJODSKQGGJTHRYZ5FC", "v1",
            "Provides read only access to Amazon SSM."),
        new("CloudWatchLogsFullAccess", "/", "ANPAJ3ZGNWK2R5HW5BQFO", "v1",
            "Provides full access to CloudWatch Logs"),
        new("AmazonEKSWorkerNodePolicy", "/", "ANPAIBVMOY52IPQ6HD3PO", "v3",
            "This policy allows Amazon EKS worker nodes to connect to Amazon EKS Clusters."),
        new("AmazonEKS_CNI_Policy", "/", "ANPAJWLAS474LDBXNNTM4", "v4",
            "This policy provides the Amazon VPC CNI Plugin the permissions it requires."),
        new("AmazonEC2RoleforSSM", "/service-role/", "ANPAI6TL3SMY22S4KMMX6", "v8",
            "The service role for Amazon EC2 Role to enable AWS Systems Manager service core functionality."),
    ];

    public static ManagedPolicy? Find(string arn) => All.FirstOrDefault(p => p.Arn == arn);
}
