namespace Gureum.Aws.Sts;

/// <summary>The STS operations Gureum calls.</summary>
public static class StsOperations
{
    public static readonly AwsOperation GetCallerIdentity = AwsOperation.Read(AwsService.Sts, "GetCallerIdentity");
}
