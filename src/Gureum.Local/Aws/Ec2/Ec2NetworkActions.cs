using static Gureum.Local.Aws.Ec2.Ec2Xml;

namespace Gureum.Local.Aws.Ec2;

/// <summary>DescribeVpcs, DescribeSubnets, DescribeSecurityGroups, CreateSecurityGroup and DeleteSecurityGroup
/// with EC2's filters, paging, shapes and errors.</summary>
internal sealed class Ec2NetworkActions(Ec2Network network) : IEc2Actions
{
    private static readonly Ec2FilterSet<VpcState> VpcFilters = new(new Dictionary<string, Func<VpcState, IEnumerable<string?>>>
    {
        ["vpc-id"] = v => [v.VpcId],
        ["cidr"] = v => [v.CidrBlock],
        ["cidr-block-association.cidr-block"] = v => [v.CidrBlock],
        ["dhcp-options-id"] = v => [v.DhcpOptionsId],
        ["is-default"] = v => [Ec2Values.Bool(v.IsDefault)],
        ["isDefault"] = v => [Ec2Values.Bool(v.IsDefault)],
        ["state"] = _ => ["available"],
    }, v => v.Tags);

    private static readonly Ec2FilterSet<SubnetState> SubnetFilters = new(new Dictionary<string, Func<SubnetState, IEnumerable<string?>>>
    {
        ["subnet-id"] = s => [s.SubnetId],
        ["vpc-id"] = s => [s.VpcId],
        ["availability-zone"] = s => [s.AvailabilityZone],
        ["availabilityZone"] = s => [s.AvailabilityZone],
        ["availability-zone-id"] = s => [s.AvailabilityZoneId],
        ["availabilityZoneId"] = s => [s.AvailabilityZoneId],
        ["cidr-block"] = s => [s.CidrBlock],
        ["cidrBlock"] = s => [s.CidrBlock],
        ["cidr"] = s => [s.CidrBlock],
        ["default-for-az"] = s => [Ec2Values.Bool(s.DefaultForAz)],
        ["defaultForAz"] = s => [Ec2Values.Bool(s.DefaultForAz)],
        ["map-public-ip-on-launch"] = s => [Ec2Values.Bool(s.MapPublicIpOnLaunch)],
        ["state"] = _ => ["available"],
    }, s => s.Tags);

    private static readonly Ec2FilterSet<SecurityGroupState> GroupFilters = new(new Dictionary<string, Func<SecurityGroupState, IEnumerable<string?>>>
    {
        ["group-id"] = g => [g.GroupId],
        ["group-name"] = g => [g.GroupName],
        ["vpc-id"] = g => [g.VpcId],
        ["description"] = g => [g.Description],
    }, g => g.Tags);

    public IReadOnlyDictionary<string, Ec2Action> Actions => new Dictionary<string, Ec2Action>(StringComparer.Ordinal)
    {
        ["DescribeVpcs"] = Ec2Action.Read(DescribeVpcs),
        ["DescribeSubnets"] = Ec2Action.Read(DescribeSubnets),
        ["DescribeSecurityGroups"] = Ec2Action.Read(DescribeSecurityGroups),
        ["CreateSecurityGroup"] = Ec2Action.Write(CreateSecurityGroup),
        ["DeleteSecurityGroup"] = Ec2Action.Write(DeleteSecurityGroup),
    };

    private IEnumerable<object?> DescribeVpcs(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var ids = p.List("VpcId");
        Ec2Ids.RequireAll(Ec2IdKind.Vpc, ids, network.VpcExists);
        var all = network.Vpcs().Where(v => ids.Count == 0 || ids.Contains(v.VpcId));
        var (page, next) = Ec2Paging.Page(VpcFilters.Apply(all, p.Filters()), p, 5, 1000);
        return [Items("vpcSet", page, Vpc), NextToken(next)];
    }

    private IEnumerable<object?> DescribeSubnets(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var ids = p.List("SubnetId");
        Ec2Ids.RequireAll(Ec2IdKind.Subnet, ids, network.SubnetExists);
        var all = network.Subnets().Where(s => ids.Count == 0 || ids.Contains(s.SubnetId));
        var (page, next) = Ec2Paging.Page(SubnetFilters.Apply(all, p.Filters()), p, 5, 1000);
        return [Items("subnetSet", page, Subnet), NextToken(next)];
    }

    private IEnumerable<object?> DescribeSecurityGroups(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var ids = p.List("GroupId");
        var names = p.List("GroupName");
        Ec2Ids.RequireAll(Ec2IdKind.SecurityGroup, ids, network.SecurityGroupExists, "InvalidGroup.NotFound");
        var groups = network.SecurityGroups();
        // A name without a VPC means a group of the default VPC, as on EC2.
        var defaultVpc = network.DefaultVpc?.VpcId;
        if (names.FirstOrDefault(n => !groups.Any(g => g.VpcId == defaultVpc && g.GroupName == n)) is { } missing)
            throw Ec2Network.GroupNotFound($"The security group '{missing}' does not exist in default VPC '{defaultVpc}'");
        var all = groups.Where(g => (ids.Count == 0 && names.Count == 0) || ids.Contains(g.GroupId)
            || (g.VpcId == defaultVpc && names.Contains(g.GroupName)));
        var (page, next) = Ec2Paging.Page(GroupFilters.Apply(all, p.Filters()), p, 5, 1000);
        return [Items("securityGroupInfo", page, SecurityGroup), NextToken(next)];
    }

    private IEnumerable<object?> CreateSecurityGroup(Ec2Parameters p)
    {
        var name = p.Required("GroupName");
        var description = p.Required("GroupDescription");
        var tags = p.TagsFor("security-group");
        p.ThrowIfDryRun();
        var group = network.CreateSecurityGroup(name, description, p.Optional("VpcId"), tags);
        return [E("groupId", group.GroupId), TagSet(group.Tags), E("securityGroupArn", GroupArn(group))];
    }

    private IEnumerable<object?> DeleteSecurityGroup(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var group = network.DeleteSecurityGroup(p.Optional("GroupId"), p.Optional("GroupName"));
        return [E("return", "true"), E("groupId", group.GroupId)];
    }

    private IEnumerable<object?> Vpc(VpcState v) =>
    [
        E("vpcId", v.VpcId),
        E("ownerId", network.AccountId),
        E("state", "available"),
        E("cidrBlock", v.CidrBlock),
        Items("cidrBlockAssociationSet", [v], a => [E("cidrBlock", a.CidrBlock), E("associationId", a.CidrAssociationId),
            E("cidrBlockState", E("state", "associated"))]),
        E("dhcpOptionsId", v.DhcpOptionsId),
        E("instanceTenancy", "default"),
        E("isDefault", Ec2Values.Bool(v.IsDefault)),
        TagSet(v.Tags),
    ];

    private IEnumerable<object?> Subnet(SubnetState s) =>
    [
        E("subnetId", s.SubnetId),
        E("subnetArn", $"arn:aws:ec2:{network.Region}:{network.AccountId}:subnet/{s.SubnetId}"),
        E("state", "available"),
        E("ownerId", network.AccountId),
        E("vpcId", s.VpcId),
        E("cidrBlock", s.CidrBlock),
        E("ipv6CidrBlockAssociationSet"),
        E("availableIpAddressCount", s.AvailableIpAddressCount),
        E("availabilityZone", s.AvailabilityZone),
        E("availabilityZoneId", s.AvailabilityZoneId),
        E("defaultForAz", Ec2Values.Bool(s.DefaultForAz)),
        E("mapPublicIpOnLaunch", Ec2Values.Bool(s.MapPublicIpOnLaunch)),
        E("assignIpv6AddressOnCreation", "false"),
        E("ipv6Native", "false"),
        E("enableDns64", "false"),
        TagSet(s.Tags),
    ];

    private IEnumerable<object?> SecurityGroup(SecurityGroupState g) =>
    [
        E("ownerId", network.AccountId),
        E("groupId", g.GroupId),
        E("groupName", g.GroupName),
        E("groupDescription", g.Description),
        E("vpcId", g.VpcId),
        E("securityGroupArn", GroupArn(g)),
        // The default group lets its members reach each other; every group starts allowing all egress.
        Items<SecurityGroupState>("ipPermissions", g.IsDefault ? [g] : [], self => AllTraffic(
            Items("groups", [self], s => [E("userId", network.AccountId), E("groupId", s.GroupId)]), E("ipRanges"))),
        Items("ipPermissionsEgress", [g], _ => AllTraffic(
            E("groups"), Items("ipRanges", ["0.0.0.0/0"], cidr => [E("cidrIp", cidr)]))),
        TagSet(g.Tags),
    ];

    private static IEnumerable<object?> AllTraffic(object groups, object ipRanges) =>
        [E("ipProtocol", "-1"), groups, ipRanges, E("ipv6Ranges"), E("prefixListIds")];

    private string GroupArn(SecurityGroupState g) => $"arn:aws:ec2:{network.Region}:{network.AccountId}:security-group/{g.GroupId}";
}
