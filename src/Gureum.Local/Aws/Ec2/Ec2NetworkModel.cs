namespace Gureum.Local.Aws.Ec2;

internal sealed record VpcState(string VpcId, string CidrBlock, string CidrAssociationId, string DhcpOptionsId, bool IsDefault,
    IReadOnlyList<Ec2Tag> Tags);

internal sealed record SubnetState(string SubnetId, string VpcId, string AvailabilityZone, string AvailabilityZoneId,
    string CidrBlock, int AvailableIpAddressCount, bool DefaultForAz, bool MapPublicIpOnLaunch, IReadOnlyList<Ec2Tag> Tags);

/// <summary>A security group; <see cref="IsDefault"/> marks a VPC's <c>default</c> group (it cannot be deleted and
/// lets its members talk to each other).</summary>
internal sealed record SecurityGroupState(string GroupId, string GroupName, string Description, string VpcId, bool IsDefault,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>What is persisted: only what users created. The default VPC and its subnets and group are derived
/// from account and region at every start, so they are the same without a state file.</summary>
internal sealed record Ec2NetworkSnapshot(IReadOnlyList<SecurityGroupState> SecurityGroups);

/// <summary>The availability zones the emulator gives a region: AWS's count for the common regions
/// (us-east-1 has six), three elsewhere. Zone ids follow AWS's <c>use1-az1</c> style.</summary>
internal static class AvailabilityZones
{
    private static readonly Dictionary<string, int> Counts = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = 6,
        ["us-west-2"] = 4,
        ["ap-northeast-2"] = 4,
        ["ap-northeast-1"] = 3,
    };

    public static IReadOnlyList<(string Name, string Id)> For(string region)
    {
        var count = Counts.GetValueOrDefault(region, 3);
        var parts = region.Split('-');
        var shortName = parts.Length == 3 ? $"{parts[0]}{Initials(parts[1])}{parts[2]}" : region;
        return Enumerable.Range(0, count).Select(i => ($"{region}{(char)('a' + i)}", $"{shortName}-az{i + 1}")).ToList();
    }

    // "east" -> "e", "northeast" -> "ne", "southeast" -> "se", "central" -> "c".
    private static string Initials(string direction) => direction switch
    {
        "northeast" => "ne",
        "northwest" => "nw",
        "southeast" => "se",
        "southwest" => "sw",
        _ => direction[..1],
    };
}
