using System.Text.RegularExpressions;

namespace Gureum.Local.Aws.Elbv2;

/// <summary>What ELBv2 asks of EC2: whether subnets, security groups, VPCs and instances exist, and
/// whether an instance passes health checks. The defaults accept every id of the right shape (a
/// subnet's zone and VPC derived from its id), so ELBv2 works alone; the EC2 emulator replaces them
/// (<see cref="Elbv2Service.Network"/>) so ids must name real resources, and an instance whose user data
/// holds the line <c>#gureum-emulator: unhealthy</c> never passes a health check.</summary>
internal sealed record Elbv2Network
{
    /// <summary>The VPC the default hooks put every subnet in.</summary>
    public const string DefaultVpcId = "vpc-0a0b0c0d0e0f01234";

    private static readonly Regex SubnetId = new("^subnet-[0-9a-f]{8,17}$", RegexOptions.CultureInvariant);
    private static readonly Regex SecurityGroupId = new("^sg-[0-9a-f]{8,17}$", RegexOptions.CultureInvariant);
    private static readonly Regex VpcId = new("^vpc-[0-9a-f]{8,17}$", RegexOptions.CultureInvariant);
    private static readonly Regex InstanceId = new("^i-[0-9a-f]{8,17}$", RegexOptions.CultureInvariant);

    /// <summary>The subnet, or null when it does not exist (SubnetNotFound).</summary>
    public required Func<string, Elbv2Subnet?> FindSubnet { get; init; }
    public required Func<string, bool> SecurityGroupExists { get; init; }
    public required Func<string, bool> VpcExists { get; init; }
    /// <summary>Whether an instance id names an instance that can be registered (InvalidTarget otherwise).</summary>
    public required Func<string, bool> InstanceExists { get; init; }
    /// <summary>A VPC's default security group, which AWS gives an application load balancer created without
    /// any; null: none known (the load balancer then has none).</summary>
    public required Func<string, string?> DefaultSecurityGroup { get; init; }
    /// <summary>Whether an instance fails every health check.</summary>
    public required Func<string, bool> IsInstanceUnhealthy { get; init; }

    public static Elbv2Network ByShape(string region) => new()
    {
        // Spread subnets over three zones by their id, so two different subnets are usually in two zones.
        FindSubnet = id => SubnetId.IsMatch(id)
            ? new Elbv2Subnet(id, region + (char)('a' + (int)(Convert.ToUInt64(id[^8..], 16) % 3)), DefaultVpcId)
            : null,
        SecurityGroupExists = SecurityGroupId.IsMatch,
        VpcExists = VpcId.IsMatch,
        DefaultSecurityGroup = _ => null,
        InstanceExists = InstanceId.IsMatch,
        IsInstanceUnhealthy = _ => false,
    };
}
