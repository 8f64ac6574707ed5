namespace Gureum.Aws.Ec2;

public sealed record Ec2LaunchTemplate(string LaunchTemplateId, string LaunchTemplateName, long DefaultVersionNumber, long LatestVersionNumber,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>An EBS volume of a launch template. Null members are left to AWS.</summary>
public sealed record Ec2BlockDevice(string DeviceName, int VolumeSizeGiB, string VolumeType, bool Encrypted, bool DeleteOnTermination)
{
    public int? Iops { get; init; }
    public int? ThroughputMiBps { get; init; }
}

/// <summary>What a launch template version holds, as Gureum sets it. Equality is by value (lists compared in
/// order), so a described version compares with a desired one.</summary>
public sealed record Ec2LaunchTemplateData
{
    public required string ImageId { get; init; }
    public required string InstanceType { get; init; }
    public string? KeyName { get; init; }
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    /// <summary>Base64, as EC2 stores and returns it.</summary>
    public string? UserDataBase64 { get; init; }
    public string? IamInstanceProfileArn { get; init; }
    /// <summary>MetadataOptions.HttpTokens "required" (IMDSv2 only) or "optional".</summary>
    public string? HttpTokens { get; init; }
    public IReadOnlyList<Ec2BlockDevice> BlockDevices { get; init; } = [];
    /// <summary>Tags put on instances and volumes at launch (TagSpecifications).</summary>
    public IReadOnlyList<Ec2Tag> InstanceTags { get; init; } = [];

    // A record compares list members by reference; the summary promises value equality.
    public bool Equals(Ec2LaunchTemplateData? other) =>
        other is not null
        && ImageId == other.ImageId
        && InstanceType == other.InstanceType
        && KeyName == other.KeyName
        && UserDataBase64 == other.UserDataBase64
        && IamInstanceProfileArn == other.IamInstanceProfileArn
        && HttpTokens == other.HttpTokens
        && SecurityGroupIds.SequenceEqual(other.SecurityGroupIds)
        && BlockDevices.SequenceEqual(other.BlockDevices)
        && InstanceTags.SequenceEqual(other.InstanceTags);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ImageId);
        hash.Add(InstanceType);
        hash.Add(KeyName);
        hash.Add(UserDataBase64);
        hash.Add(IamInstanceProfileArn);
        hash.Add(HttpTokens);
        foreach (var id in SecurityGroupIds) hash.Add(id);
        foreach (var device in BlockDevices) hash.Add(device);
        foreach (var tag in InstanceTags) hash.Add(tag);
        return hash.ToHashCode();
    }
}

public sealed record Ec2LaunchTemplateVersion(string LaunchTemplateId, long VersionNumber, bool DefaultVersion, Ec2LaunchTemplateData Data);

/// <summary>An instance as DescribeInstances returns it. <see cref="State"/> is pending, running, shutting-down,
/// terminated, stopping or stopped.</summary>
public sealed record Ec2Instance(
    string InstanceId,
    string State,
    string InstanceType,
    string ImageId,
    string? SubnetId,
    string? AvailabilityZone,
    string? PrivateIpAddress,
    string? LaunchTemplateId,
    string? LaunchTemplateVersion,
    string? IamInstanceProfileArn,
    DateTimeOffset LaunchTime,
    IReadOnlyList<Ec2Tag> Tags);
