namespace Gureum.Aws.Ec2;

/// <summary>
/// EC2 network and image lookups, as the LoadBalancer and InstanceGroup controllers need them: validate the
/// ids a spec names, find the VPC a target group needs, find images. Every listing follows all pages; ids go
/// in batches of <see cref="Ec2NetworkClient.IdsPerCall"/>. <c>ids</c> null means "all"; an empty collection
/// returns nothing without a call.
/// </summary>
/// <remarks>Describing by ids fails the whole call when one id does not exist (<see cref="Errors.AwsException"/>
/// of kind NotFound: InvalidVpcID.NotFound, InvalidSubnetID.NotFound, InvalidGroup.NotFound,
/// InvalidAMIID.NotFound) or is malformed (kind Invalid: InvalidSubnetID.Malformed, InvalidGroupId.Malformed,
/// InvalidAMIID.Malformed). To learn which ids are missing, use <see cref="FindMissingAsync"/>.</remarks>
public interface IEc2NetworkClient
{
    Task<IReadOnlyList<Ec2Vpc>> DescribeVpcsAsync(IReadOnlyCollection<string>? vpcIds, IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken);

    Task<IReadOnlyList<Ec2Subnet>> DescribeSubnetsAsync(IReadOnlyCollection<string>? subnetIds, IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken);

    Task<IReadOnlyList<Ec2SecurityGroup>> DescribeSecurityGroupsAsync(IReadOnlyCollection<string>? groupIds, IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken);

    /// <param name="owners"><c>amazon</c>, <c>aws-marketplace</c>, <c>self</c> or account ids; null for any owner.</param>
    Task<IReadOnlyList<Ec2Image>> DescribeImagesAsync(IReadOnlyCollection<string>? imageIds, IReadOnlyCollection<string>? owners,
        IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken);

    /// <summary>The account's default VPC in the region, or null when it has none (deleted, or an EC2-Classic-era account).</summary>
    Task<Ec2Vpc?> FindDefaultVpcAsync(CancellationToken cancellationToken);

    /// <summary>The default subnets (one per availability zone of the default VPC).</summary>
    Task<IReadOnlyList<Ec2Subnet>> DescribeDefaultSubnetsAsync(CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="ids"/> do not exist (malformed ids included), distinct, in the order given.
    /// Asks with an id filter, which, unlike ids, never fails the call: one describe per 200 ids, not one per id.</summary>
    Task<IReadOnlyList<string>> FindMissingAsync(Ec2ResourceKind kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);
}
