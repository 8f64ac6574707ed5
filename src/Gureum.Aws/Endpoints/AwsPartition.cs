namespace Gureum.Aws.Endpoints;

/// <summary>A partition as AWS's endpoint rules describe it; the global services (IAM, Route53)
/// have one endpoint per partition, signed for the partition's home region.</summary>
internal sealed record AwsPartition(
    string Name,
    string DnsSuffix,
    string IamHost,
    string IamSigningRegion,
    string Route53Host,
    string Route53SigningRegion)
{
    private static readonly AwsPartition Aws = new("aws", "amazonaws.com",
        "iam.amazonaws.com", "us-east-1", "route53.amazonaws.com", "us-east-1");

    // Ordered: the more specific prefixes (us-isob-, us-isof-, us-gov-) before us-iso-.
    private static readonly (string Prefix, AwsPartition Partition)[] ByRegionPrefix =
    [
        ("cn-", new("aws-cn", "amazonaws.com.cn",
            "iam.cn-north-1.amazonaws.com.cn", "cn-north-1", "route53.amazonaws.com.cn", "cn-northwest-1")),
        ("us-gov-", new("aws-us-gov", "amazonaws.com",
            "iam.us-gov.amazonaws.com", "us-gov-west-1", "route53.us-gov.amazonaws.com", "us-gov-west-1")),
        ("us-isob-", new("aws-iso-b", "sc2s.sgov.gov",
            "iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1", "route53.sc2s.sgov.gov", "us-isob-east-1")),
        ("us-isof-", new("aws-iso-f", "csp.hci.ic.gov",
            "iam.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1", "route53.csp.hci.ic.gov", "us-isof-south-1")),
        ("us-iso-", new("aws-iso", "c2s.ic.gov",
            "iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1", "route53.c2s.ic.gov", "us-iso-east-1")),
        ("eu-isoe-", new("aws-iso-e", "cloud.adc-e.uk",
            "iam.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1", "route53.cloud.adc-e.uk", "eu-isoe-west-1")),
        ("eusc-", new("aws-eusc", "amazonaws.eu",
            "iam.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1", "route53.amazonaws.eu", "eusc-de-east-1")),
    ];

    public static AwsPartition ForRegion(string region)
    {
        foreach (var (prefix, partition) in ByRegionPrefix)
        {
            if (region.StartsWith(prefix, StringComparison.Ordinal))
                return partition;
        }
        return Aws;
    }
}
