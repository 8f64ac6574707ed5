namespace Gureum.Aws.Ec2;

public sealed record Ec2Tag(string Key, string Value);

/// <summary>An EC2 filter: <see cref="Name"/> as EC2 spells it (<c>vpc-id</c>, <c>default-for-az</c>,
/// <c>tag:Team</c>), matching any of <see cref="Values"/> (which may use <c>*</c> and <c>?</c>).</summary>
public sealed record Ec2Filter(string Name, IReadOnlyList<string> Values)
{
    public static Ec2Filter Of(string name, params string[] values) => new(name, values);
}

/// <summary>The kinds of id a spec may name, for <see cref="IEc2NetworkClient.FindMissingAsync"/>.</summary>
public enum Ec2ResourceKind
{
    Vpc,
    Subnet,
    SecurityGroup,
    Image,
}

public sealed record Ec2Vpc(string VpcId, string CidrBlock, bool IsDefault, string State, string? OwnerId, IReadOnlyList<Ec2Tag> Tags);

public sealed record Ec2Subnet(
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string? AvailabilityZoneId,
    string CidrBlock,
    bool DefaultForAz,
    bool MapPublicIpOnLaunch,
    int AvailableIpAddressCount,
    string State,
    IReadOnlyList<Ec2Tag> Tags);

public sealed record Ec2SecurityGroup(string GroupId, string GroupName, string Description, string? VpcId, string? OwnerId,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>An AMI. <see cref="OwnerAlias"/> is <c>amazon</c> for Amazon's own images, null for most others.</summary>
public sealed record Ec2Image(
    string ImageId,
    string Name,
    string? Description,
    string OwnerId,
    string? OwnerAlias,
    string Architecture,
    string State,
    string? Platform,
    DateTimeOffset? CreationDate,
    bool IsPublic,
    string? RootDeviceName,
    IReadOnlyList<Ec2Tag> Tags);
