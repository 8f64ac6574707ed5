using System.Globalization;
using Amazon.EC2.Model;
using Gureum.Aws.Paging;

namespace Gureum.Aws.Ec2;

/// <summary><see cref="IEc2NetworkClient"/> on the SDK through <see cref="Ec2Calls"/> (the EC2 describe bucket,
/// retries, metrics, <see cref="Errors.AwsException"/>). SDK types stay in this file.</summary>
public sealed class Ec2NetworkClient : IEc2NetworkClient
{
    /// <summary>EC2 takes at most 200 values in one filter; ids are sent in batches of the same size.</summary>
    public const int IdsPerCall = 200;

    private readonly Ec2Calls _ec2;
    private readonly int _pageSize;

    public Ec2NetworkClient(Ec2Calls ec2)
        : this(ec2, pageSize: 1000)
    {
    }

    /// <param name="pageSize">MaxResults of listings (5..1000); small in tests to exercise paging.</param>
    internal Ec2NetworkClient(Ec2Calls ec2, int pageSize)
    {
        _ec2 = ec2;
        _pageSize = pageSize;
    }

    public Task<IReadOnlyList<Ec2Vpc>> DescribeVpcsAsync(IReadOnlyCollection<string>? vpcIds, IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken) =>
        DescribeAsync(vpcIds, (ids, token, ct) => _ec2.CallAsync(Ec2Operations.DescribeVpcs, (sdk, t) => sdk.DescribeVpcsAsync(new DescribeVpcsRequest
        {
            VpcIds = ids,
            Filters = Sdk(filters),
            NextToken = token,
            MaxResults = ids is null ? _pageSize : null,
        }, t), ct), r => new AwsPage<Ec2Vpc>(Map(r.Vpcs, ToVpc), r.NextToken), cancellationToken);

    public Task<IReadOnlyList<Ec2Subnet>> DescribeSubnetsAsync(IReadOnlyCollection<string>? subnetIds, IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken) =>
        DescribeAsync(subnetIds, (ids, token, ct) => _ec2.CallAsync(Ec2Operations.DescribeSubnets, (sdk, t) => sdk.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            SubnetIds = ids,
            Filters = Sdk(filters),
            NextToken = token,
            MaxResults = ids is null ? _pageSize : null,
        }, t), ct), r => new AwsPage<Ec2Subnet>(Map(r.Subnets, ToSubnet), r.NextToken), cancellationToken);

    public Task<IReadOnlyList<Ec2SecurityGroup>> DescribeSecurityGroupsAsync(IReadOnlyCollection<string>? groupIds, IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken) =>
        DescribeAsync(groupIds, (ids, token, ct) => _ec2.CallAsync(Ec2Operations.DescribeSecurityGroups, (sdk, t) => sdk.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
        {
            GroupIds = ids,
            Filters = Sdk(filters),
            NextToken = token,
            MaxResults = ids is null ? _pageSize : null,
        }, t), ct), r => new AwsPage<Ec2SecurityGroup>(Map(r.SecurityGroups, ToSecurityGroup), r.NextToken), cancellationToken);

    public Task<IReadOnlyList<Ec2Image>> DescribeImagesAsync(IReadOnlyCollection<string>? imageIds, IReadOnlyCollection<string>? owners,
        IReadOnlyList<Ec2Filter>? filters, CancellationToken cancellationToken) =>
        DescribeAsync(imageIds, (ids, token, ct) => _ec2.CallAsync(Ec2Operations.DescribeImages, (sdk, t) => sdk.DescribeImagesAsync(new DescribeImagesRequest
        {
            ImageIds = ids,
            Owners = owners is null ? null : [.. owners],
            Filters = Sdk(filters),
            NextToken = token,
            MaxResults = ids is null ? _pageSize : null,
        }, t), ct), r => new AwsPage<Ec2Image>(Map(r.Images, ToImage), r.NextToken), cancellationToken);

    public async Task<Ec2Vpc?> FindDefaultVpcAsync(CancellationToken cancellationToken) =>
        await DescribeVpcsAsync(null, [Ec2Filter.Of("is-default", "true")], cancellationToken) is [var vpc, ..] ? vpc : null;

    public Task<IReadOnlyList<Ec2Subnet>> DescribeDefaultSubnetsAsync(CancellationToken cancellationToken) =>
        DescribeSubnetsAsync(null, [Ec2Filter.Of("default-for-az", "true")], cancellationToken);

    public async Task<IReadOnlyList<string>> FindMissingAsync(Ec2ResourceKind kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in wanted.Chunk(IdsPerCall))
        {
            var filter = kind switch
            {
                Ec2ResourceKind.Vpc => Ec2Filter.Of("vpc-id", batch),
                Ec2ResourceKind.Subnet => Ec2Filter.Of("subnet-id", batch),
                Ec2ResourceKind.SecurityGroup => Ec2Filter.Of("group-id", batch),
                Ec2ResourceKind.Image => Ec2Filter.Of("image-id", batch),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
            Ec2Filter[] byId = [filter];
            found.UnionWith(kind switch
            {
                Ec2ResourceKind.Vpc => (await DescribeVpcsAsync(null, byId, cancellationToken)).Select(v => v.VpcId),
                Ec2ResourceKind.Subnet => (await DescribeSubnetsAsync(null, byId, cancellationToken)).Select(s => s.SubnetId),
                Ec2ResourceKind.SecurityGroup => (await DescribeSecurityGroupsAsync(null, byId, cancellationToken)).Select(g => g.GroupId),
                _ => (await DescribeImagesAsync(null, null, byId, cancellationToken)).Select(i => i.ImageId),
            });
        }
        return wanted.Where(id => !found.Contains(id)).ToList();
    }

    /// <summary>Every page of every batch of ids (or of the whole listing when <paramref name="ids"/> is null).</summary>
    private static async Task<IReadOnlyList<T>> DescribeAsync<TResponse, T>(
        IReadOnlyCollection<string>? ids,
        Func<List<string>?, string?, CancellationToken, Task<TResponse>> call,
        Func<TResponse, AwsPage<T>> page,
        CancellationToken cancellationToken)
    {
        if (ids is { Count: 0 })
            return [];
        var batches = ids is null
            ? new List<string>?[] { null }
            : ids.Distinct(StringComparer.Ordinal).Chunk(IdsPerCall).Select(chunk => (List<string>?)chunk.ToList());
        var all = new List<T>();
        foreach (var batch in batches)
            all.AddRange(await AwsPaging.ListAllAsync(async (token, ct) => page(await call(batch, token, ct)), cancellationToken));
        return all;
    }

    // SDK v4 answers an absent or empty list as null.
    private static IReadOnlyList<TOut> Map<TIn, TOut>(List<TIn>? items, Func<TIn, TOut> map) =>
        items is null ? [] : items.Select(map).ToList();

    private static List<Filter>? Sdk(IReadOnlyList<Ec2Filter>? filters) =>
        filters is null or { Count: 0 } ? null : filters.Select(f => new Filter(f.Name, [.. f.Values])).ToList();

    private static IReadOnlyList<Ec2Tag> Tags(List<Tag>? tags) => Map(tags, t => new Ec2Tag(t.Key, t.Value ?? ""));

    private static Ec2Vpc ToVpc(Vpc v) =>
        new(v.VpcId, v.CidrBlock, v.IsDefault ?? false, v.State?.Value ?? "", v.OwnerId, Tags(v.Tags));

    private static Ec2Subnet ToSubnet(Subnet s) =>
        new(s.SubnetId, s.VpcId, s.AvailabilityZone, s.AvailabilityZoneId, s.CidrBlock, s.DefaultForAz ?? false,
            s.MapPublicIpOnLaunch ?? false, s.AvailableIpAddressCount ?? 0, s.State?.Value ?? "", Tags(s.Tags));

    private static Ec2SecurityGroup ToSecurityGroup(SecurityGroup g) =>
        new(g.GroupId, g.GroupName, g.Description ?? "", g.VpcId, g.OwnerId, Tags(g.Tags));

    private static Ec2Image ToImage(Image i) =>
        new(i.ImageId, i.Name ?? "", i.Description, i.OwnerId, i.ImageOwnerAlias, i.Architecture?.Value ?? "", i.State?.Value ?? "",
            i.Platform?.Value, ParseDate(i.CreationDate), i.Public ?? false, i.RootDeviceName, Tags(i.Tags));

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
