namespace Gureum.Aws.Route53;

/// <summary>The Route53 operations Gureum calls (and so the route53: actions its IAM policy allows).</summary>
public static class Route53Operations
{
    public static readonly AwsOperation ListHostedZonesByName = AwsOperation.Read(AwsService.Route53, "ListHostedZonesByName");
    public static readonly AwsOperation GetHostedZone = AwsOperation.Read(AwsService.Route53, "GetHostedZone");
    public static readonly AwsOperation ListResourceRecordSets = AwsOperation.Read(AwsService.Route53, "ListResourceRecordSets");
    public static readonly AwsOperation ChangeResourceRecordSets = AwsOperation.Write(AwsService.Route53, "ChangeResourceRecordSets");
    public static readonly AwsOperation GetChange = AwsOperation.Read(AwsService.Route53, "GetChange");
}
