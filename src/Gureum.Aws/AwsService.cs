namespace Gureum.Aws;

/// <summary>An AWS service as this layer addresses it: its signing name, the suffix of its
/// <c>AWS_ENDPOINT_URL_*</c> variable, its host prefix, and whether it has one global endpoint.
/// Every value comes from <see cref="AwsServiceCatalog"/>, the table the emulator reads too.</summary>
public sealed record AwsService(string Name, string SigningName, string EndpointEnvSuffix, string HostPrefix, bool IsGlobal)
{
    public static readonly AwsService Ec2 = From(AwsServiceCatalog.Ec2);
    public static readonly AwsService AutoScaling = From(AwsServiceCatalog.AutoScaling);
    public static readonly AwsService ElasticLoadBalancingV2 = From(AwsServiceCatalog.ElasticLoadBalancingV2);
    public static readonly AwsService Iam = From(AwsServiceCatalog.Iam);
    public static readonly AwsService Route53 = From(AwsServiceCatalog.Route53);
    public static readonly AwsService Sts = From(AwsServiceCatalog.Sts);

    public static IReadOnlyList<AwsService> All { get; } = [Ec2, AutoScaling, ElasticLoadBalancingV2, Iam, Route53, Sts];

    internal CatalogService Catalog => AwsServiceCatalog.All.Single(s => s.Name == Name);

    private static AwsService From(CatalogService s) => new(s.Name, s.SigningName, s.EndpointEnvSuffix, s.HostPrefix, s.IsGlobal);
}
