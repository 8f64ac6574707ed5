namespace Gureum.Aws.Ec2;

/// <summary>EC2 launch templates and instances, as the InstanceGroup controller needs them, on the SDK through
/// <see cref="Ec2Calls"/>. Errors are <see cref="Errors.AwsException"/>: InvalidLaunchTemplateName.AlreadyExistsException
/// (AlreadyExists), InvalidLaunchTemplateId.NotFound / InvalidLaunchTemplateName.NotFoundException /
/// InvalidLaunchTemplateId.VersionNotFound / InvalidInstanceID.NotFound (NotFound), InvalidParameterValue /
/// InvalidAMIID.* (Invalid).</summary>
public interface IEc2ComputeClient
{
    /// <param name="clientToken">Idempotency token: a retried create with the same token returns the same template.</param>
    Task<Ec2LaunchTemplate> CreateLaunchTemplateAsync(string name, Ec2LaunchTemplateData data, IReadOnlyList<Ec2Tag> tags,
        string clientToken, CancellationToken cancellationToken);

    /// <summary>A new version with exactly <paramref name="data"/> (no source version). Does not change the default.</summary>
    Task<Ec2LaunchTemplateVersion> CreateLaunchTemplateVersionAsync(string launchTemplateId, Ec2LaunchTemplateData data,
        string clientToken, CancellationToken cancellationToken);

    /// <summary>The templates that exist among these names (asked with a filter, which never fails for an unknown name).</summary>
    Task<IReadOnlyList<Ec2LaunchTemplate>> FindLaunchTemplatesByNameAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken);

    /// <param name="versions">Version numbers, <c>$Default</c> or <c>$Latest</c>.</param>
    Task<IReadOnlyList<Ec2LaunchTemplateVersion>> DescribeLaunchTemplateVersionsAsync(string launchTemplateId, IReadOnlyCollection<string> versions,
        CancellationToken cancellationToken);

    Task<Ec2LaunchTemplate> SetDefaultVersionAsync(string launchTemplateId, long version, CancellationToken cancellationToken);

    /// <summary>Deleting one that is gone succeeds.</summary>
    Task DeleteLaunchTemplateAsync(string launchTemplateId, CancellationToken cancellationToken);

    /// <summary>Instances by id (unknown ids are left out) or, with <paramref name="instanceIds"/> null, by filters only.</summary>
    Task<IReadOnlyList<Ec2Instance>> DescribeInstancesAsync(IReadOnlyCollection<string>? instanceIds, IReadOnlyList<Ec2Filter>? filters,
        CancellationToken cancellationToken);

    Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken);

    Task DeleteTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken);
}
