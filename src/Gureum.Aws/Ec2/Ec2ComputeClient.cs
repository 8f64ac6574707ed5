using Amazon.EC2;
using Amazon.EC2.Model;
using Gureum.Aws.Errors;
using Gureum.Aws.Paging;

namespace Gureum.Aws.Ec2;

/// <summary><see cref="IEc2ComputeClient"/> on the SDK through <see cref="Ec2Calls"/> (the EC2 describe/mutate buckets,
/// retries, metrics, <see cref="AwsException"/>). SDK types stay in this file.</summary>
public sealed class Ec2ComputeClient : IEc2ComputeClient
{
    /// <summary>EC2 takes at most 200 values in one filter; ids and names are sent in batches of the same size.</summary>
    public const int IdsPerCall = 200;

    /// <summary>The tags EC2 puts on an instance launched from a template.</summary>
    public const string LaunchTemplateIdTag = "aws:ec2launchtemplate:id";
    public const string LaunchTemplateVersionTag = "aws:ec2launchtemplate:version";

    private readonly Ec2Calls _ec2;
    private readonly int _pageSize;

    public Ec2ComputeClient(Ec2Calls ec2)
        : this(ec2, pageSize: 200)
    {
    }

    /// <param name="pageSize">MaxResults of listings (5..200 for launch templates); small in tests to exercise paging.</param>
    internal Ec2ComputeClient(Ec2Calls ec2, int pageSize)
    {
        _ec2 = ec2;
        _pageSize = pageSize;
    }

    public async Task<Ec2LaunchTemplate> CreateLaunchTemplateAsync(string name, Ec2LaunchTemplateData data, IReadOnlyList<Ec2Tag> tags,
        string clientToken, CancellationToken cancellationToken)
    {
        var response = await SpecAsync(_ec2.CallAsync(Ec2Operations.CreateLaunchTemplate, (sdk, t) => sdk.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = name,
            LaunchTemplateData = ToRequest(data),
            ClientToken = clientToken,
            TagSpecifications = tags.Count == 0 ? null : [new TagSpecification { ResourceType = ResourceType.LaunchTemplate, Tags = SdkTags(tags) }],
        }, t), cancellationToken));
        return ToTemplate(response.LaunchTemplate ?? throw new FormatException("CreateLaunchTemplate answered no launch template."));
    }

    public async Task<Ec2LaunchTemplateVersion> CreateLaunchTemplateVersionAsync(string launchTemplateId, Ec2LaunchTemplateData data,
        string clientToken, CancellationToken cancellationToken)
    {
        var response = await SpecAsync(_ec2.CallAsync(Ec2Operations.CreateLaunchTemplateVersion, (sdk, t) => sdk.CreateLaunchTemplateVersionAsync(
            new CreateLaunchTemplateVersionRequest
            {
                LaunchTemplateId = launchTemplateId,
                LaunchTemplateData = ToRequest(data),
                ClientToken = clientToken,
            }, t), cancellationToken));
        return ToVersion(response.LaunchTemplateVersion ?? throw new FormatException("CreateLaunchTemplateVersion answered no version."));
    }

    public async Task<IReadOnlyList<Ec2LaunchTemplate>> FindLaunchTemplatesByNameAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var all = new List<Ec2LaunchTemplate>();
        foreach (var batch in names.Distinct(StringComparer.Ordinal).Chunk(IdsPerCall))
            all.AddRange(await AwsPaging.ListAllAsync(async (token, ct) =>
            {
                var response = await _ec2.CallAsync(Ec2Operations.DescribeLaunchTemplates, (sdk, t) => sdk.DescribeLaunchTemplatesAsync(
                    new DescribeLaunchTemplatesRequest
                    {
                        Filters = [new Filter("launch-template-name", [.. batch])],
                        NextToken = token,
                        MaxResults = _pageSize,
                    }, t), ct);
                return new AwsPage<Ec2LaunchTemplate>(Map(response.LaunchTemplates, ToTemplate), Token(response.NextToken));
            }, cancellationToken));
        return all;
    }

    public async Task<IReadOnlyList<Ec2LaunchTemplateVersion>> DescribeLaunchTemplateVersionsAsync(string launchTemplateId,
        IReadOnlyCollection<string> versions, CancellationToken cancellationToken)
    {
        // No versions asks for none (EC2 would answer every version of the template).
        if (versions.Count == 0)
            return [];
        var wanted = versions.Distinct(StringComparer.Ordinal).ToList();
        return await AwsPaging.ListAllAsync(async (token, ct) =>
        {
            var response = await _ec2.CallAsync(Ec2Operations.DescribeLaunchTemplateVersions, (sdk, t) => sdk.DescribeLaunchTemplateVersionsAsync(
                new DescribeLaunchTemplateVersionsRequest
                {
                    LaunchTemplateId = launchTemplateId,
                    Versions = wanted,
                    NextToken = token,
                }, t), ct);
            return new AwsPage<Ec2LaunchTemplateVersion>(Map(response.LaunchTemplateVersions, ToVersion), Token(response.NextToken));
        }, cancellationToken);
    }

    public async Task<Ec2LaunchTemplate> SetDefaultVersionAsync(string launchTemplateId, long version, CancellationToken cancellationToken)
    {
        var response = await _ec2.CallAsync(Ec2Operations.ModifyLaunchTemplate, (sdk, t) => sdk.ModifyLaunchTemplateAsync(new ModifyLaunchTemplateRequest
        {
            LaunchTemplateId = launchTemplateId,
            DefaultVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, t), cancellationToken);
        return ToTemplate(response.LaunchTemplate ?? throw new FormatException("ModifyLaunchTemplate answered no launch template."));
    }

    public async Task DeleteLaunchTemplateAsync(string launchTemplateId, CancellationToken cancellationToken)
    {
        try
        {
            await _ec2.CallAsync(Ec2Operations.DeleteLaunchTemplate, (sdk, t) => sdk.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest
            {
                LaunchTemplateId = launchTemplateId,
            }, t), cancellationToken);
        }
        catch (AwsException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            // Already gone: what deleting wanted.
        }
    }

    public async Task<IReadOnlyList<Ec2Instance>> DescribeInstancesAsync(IReadOnlyCollection<string>? instanceIds, IReadOnlyList<Ec2Filter>? filters,
        CancellationToken cancellationToken)
    {
        if (instanceIds is null)
            return await ListInstancesAsync(null, Sdk(filters), cancellationToken);
        var all = new List<Ec2Instance>();
        foreach (var batch in instanceIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerCall))
        {
            try
            {
                all.AddRange(await ListInstancesAsync([.. batch], Sdk(filters), cancellationToken));
            }
            catch (AwsException e) when (e.Code.StartsWith("InvalidInstanceID.", StringComparison.Ordinal))
            {
                // One unknown (or malformed) id fails the whole call; the instance-id filter never does.
                var byFilter = (Sdk(filters) ?? []).Append(new Filter("instance-id", [.. batch])).ToList();
                all.AddRange(await ListInstancesAsync(null, byFilter, cancellationToken));
            }
        }
        return all;
    }

    public Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken) =>
        resourceIds.Count == 0 || tags.Count == 0 ? Task.CompletedTask
        : _ec2.CallAsync(Ec2Operations.CreateTags, (sdk, t) => sdk.CreateTagsAsync(new CreateTagsRequest
        {
            Resources = [.. resourceIds],
            Tags = SdkTags(tags),
        }, t), cancellationToken);

    public Task DeleteTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken) =>
        // No keys would delete every tag of the resources: never send that.
        resourceIds.Count == 0 || tagKeys.Count == 0 ? Task.CompletedTask
        : _ec2.CallAsync(Ec2Operations.DeleteTags, (sdk, t) => sdk.DeleteTagsAsync(new DeleteTagsRequest
        {
            Resources = [.. resourceIds],
            Tags = tagKeys.Select(k => new Tag { Key = k }).ToList(),
        }, t), cancellationToken);

    /// <summary>Every page; reservations flattened. MaxResults cannot go with instance ids, so only a filter listing pages by it.</summary>
    private Task<IReadOnlyList<Ec2Instance>> ListInstancesAsync(List<string>? ids, List<Filter>? filters, CancellationToken cancellationToken) =>
        AwsPaging.ListAllAsync(async (token, ct) =>
        {
            var response = await _ec2.CallAsync(Ec2Operations.DescribeInstances, (sdk, t) => sdk.DescribeInstancesAsync(new DescribeInstancesRequest
            {
                InstanceIds = ids,
                Filters = filters,
                NextToken = token,
                MaxResults = ids is null ? 1000 : null,
            }, t), ct);
            var instances = (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(ToInstance).ToList();
            return new AwsPage<Ec2Instance>(instances, Token(response.NextToken));
        }, cancellationToken);

    internal static RequestLaunchTemplateData ToRequest(Ec2LaunchTemplateData data)
    {
        var request = new RequestLaunchTemplateData
        {
            ImageId = data.ImageId,
            InstanceType = InstanceType.FindValue(data.InstanceType),
            KeyName = data.KeyName,
            SecurityGroupIds = data.SecurityGroupIds.Count == 0 ? null : [.. data.SecurityGroupIds],
            UserData = data.UserDataBase64,
            IamInstanceProfile = data.IamInstanceProfileArn is { } arn ? new LaunchTemplateIamInstanceProfileSpecificationRequest { Arn = arn } : null,
            MetadataOptions = data.HttpTokens is { } tokens
                ? new LaunchTemplateInstanceMetadataOptionsRequest { HttpTokens = LaunchTemplateHttpTokensState.FindValue(tokens) }
                : null,
            BlockDeviceMappings = data.BlockDevices.Count == 0 ? null : data.BlockDevices.Select(b => new LaunchTemplateBlockDeviceMappingRequest
            {
                DeviceName = b.DeviceName,
                Ebs = new LaunchTemplateEbsBlockDeviceRequest
                {
                    VolumeSize = b.VolumeSizeGiB,
                    VolumeType = VolumeType.FindValue(b.VolumeType),
                    Encrypted = b.Encrypted,
                    DeleteOnTermination = b.DeleteOnTermination,
                    Iops = b.Iops,
                    Throughput = b.ThroughputMiBps,
                },
            }).ToList(),
            TagSpecifications = data.InstanceTags.Count == 0 ? null :
            [
                new LaunchTemplateTagSpecificationRequest { ResourceType = ResourceType.Instance, Tags = SdkTags(data.InstanceTags) },
                new LaunchTemplateTagSpecificationRequest { ResourceType = ResourceType.Volume, Tags = SdkTags(data.InstanceTags) },
            ],
        };
        return request;
    }

    internal static Ec2LaunchTemplateData ToData(ResponseLaunchTemplateData? d)
    {
        if (d is null)
            return new Ec2LaunchTemplateData { ImageId = "", InstanceType = "" };
        var specs = d.TagSpecifications ?? [];
        var instanceTags = specs.FirstOrDefault(s => s.ResourceType == ResourceType.Instance)?.Tags
            ?? specs.FirstOrDefault(s => s.ResourceType == ResourceType.Volume)?.Tags;
        return new Ec2LaunchTemplateData
        {
            ImageId = d.ImageId ?? "",
            InstanceType = d.InstanceType?.Value ?? "",
            KeyName = d.KeyName,
            SecurityGroupIds = d.SecurityGroupIds ?? [],
            UserDataBase64 = d.UserData,
            IamInstanceProfileArn = d.IamInstanceProfile?.Arn,
            HttpTokens = d.MetadataOptions?.HttpTokens?.Value,
            BlockDevices = Map(d.BlockDeviceMappings, b => new Ec2BlockDevice(b.DeviceName ?? "", b.Ebs?.VolumeSize ?? 0, b.Ebs?.VolumeType?.Value ?? "",
                b.Ebs?.Encrypted ?? false, b.Ebs?.DeleteOnTermination ?? false)
            {
                Iops = b.Ebs?.Iops,
                ThroughputMiBps = b.Ebs?.Throughput,
            }),
            InstanceTags = Tags(instanceTags),
        };
    }

    private static Ec2LaunchTemplate ToTemplate(LaunchTemplate t) =>
        new(t.LaunchTemplateId, t.LaunchTemplateName, t.DefaultVersionNumber ?? 0, t.LatestVersionNumber ?? 0, Tags(t.Tags));

    private static Ec2LaunchTemplateVersion ToVersion(LaunchTemplateVersion v) =>
        new(v.LaunchTemplateId, v.VersionNumber ?? 0, v.DefaultVersion ?? false, ToData(v.LaunchTemplateData));

    private static Ec2Instance ToInstance(Instance i)
    {
        var tags = Tags(i.Tags);
        return new Ec2Instance(
            i.InstanceId,
            i.State?.Name?.Value ?? "",
            i.InstanceType?.Value ?? "",
            i.ImageId ?? "",
            i.SubnetId,
            i.Placement?.AvailabilityZone,
            i.PrivateIpAddress,
            tags.FirstOrDefault(t => t.Key == LaunchTemplateIdTag)?.Value,
            tags.FirstOrDefault(t => t.Key == LaunchTemplateVersionTag)?.Value,
            i.IamInstanceProfile?.Arn,
            i.LaunchTime is { } launched ? Utc(launched) : DateTimeOffset.MinValue,
            tags);
    }

    /// <summary>A template naming an AMI that does not exist is a wrong spec, not a missing template: InvalidAMIID.NotFound
    /// (NotFound for a describe of images) is Invalid here, as every InvalidAMIID.* is.</summary>
    private static async Task<T> SpecAsync<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (AwsException e) when (e.Code.StartsWith("InvalidAMIID.", StringComparison.Ordinal) && e.Kind != AwsErrorKind.Invalid)
        {
            throw new AwsException(e.Code, e.AwsMessage, e.RequestId, e.Status, AwsErrorKind.Invalid, e);
        }
    }

    // The SDK parses timestamps as UTC; an unspecified kind is taken as UTC too, never as local time.
    private static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime());

    private static string? Token(string? token) => string.IsNullOrEmpty(token) ? null : token;

    // SDK v4 answers an absent or empty list as null.
    private static IReadOnlyList<TOut> Map<TIn, TOut>(List<TIn>? items, Func<TIn, TOut> map) =>
        items is null ? [] : items.Select(map).ToList();

    private static List<Filter>? Sdk(IReadOnlyList<Ec2Filter>? filters) =>
        filters is null or { Count: 0 } ? null : filters.Select(f => new Filter(f.Name, [.. f.Values])).ToList();

    private static List<Tag> SdkTags(IReadOnlyList<Ec2Tag> tags) => tags.Select(t => new Tag(t.Key, t.Value)).ToList();

    private static IReadOnlyList<Ec2Tag> Tags(List<Tag>? tags) => Map(tags, t => new Ec2Tag(t.Key, t.Value ?? ""));
}
