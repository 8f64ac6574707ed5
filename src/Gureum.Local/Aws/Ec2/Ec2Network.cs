namespace Gureum.Local.Aws.Ec2;

/// <summary>
/// The account's VPCs, subnets and security groups in one region, behind one lock. Seeded as AWS seeds a new
/// account: a default VPC 172.31.0.0/16, one default /20 subnet per availability zone (public IPs on launch)
/// and the VPC's <c>default</c> security group, all with ids derived from account and region. Security groups
/// users create are persisted when a state file is configured.
/// </summary>
internal sealed class Ec2Network
{
    public const string DefaultCidr = "172.31.0.0/16";

    private readonly Lock _gate = new();
    private readonly string _accountId;
    private readonly string _region;
    private readonly List<VpcState> _vpcs = [];
    private readonly List<SubnetState> _subnets = [];
    private readonly List<SecurityGroupState> _groups = [];
    private readonly JsonStateFile<Ec2NetworkSnapshot>? _file;

    public Ec2Network(string accountId, string region, string? stateFile)
    {
        _accountId = accountId;
        _region = region;
        Seed();
        if (stateFile is null)
            return;
        _file = new JsonStateFile<Ec2NetworkSnapshot>(stateFile);
        if (_file.Load() is { } snapshot)
            _groups.AddRange(snapshot.SecurityGroups.Where(g => !g.IsDefault));
    }

    public string AccountId => _accountId;
    public string Region => _region;

    public VpcState? DefaultVpc
    {
        get
        {
            lock (_gate)
                return _vpcs.FirstOrDefault(v => v.IsDefault);
        }
    }

    public IReadOnlyList<VpcState> Vpcs()
    {
        lock (_gate)
            return [.. _vpcs];
    }

    public IReadOnlyList<SubnetState> Subnets()
    {
        lock (_gate)
            return [.. _subnets];
    }

    public IReadOnlyList<SecurityGroupState> SecurityGroups()
    {
        lock (_gate)
            return [.. _groups];
    }

    public bool VpcExists(string vpcId)
    {
        lock (_gate)
            return _vpcs.Any(v => v.VpcId == vpcId);
    }

    public bool SubnetExists(string subnetId) => VpcOfSubnet(subnetId) is not null;

    public string? VpcOfSubnet(string subnetId)
    {
        lock (_gate)
            return _subnets.FirstOrDefault(s => s.SubnetId == subnetId)?.VpcId;
    }

    public bool SecurityGroupExists(string groupId) => VpcOfSecurityGroup(groupId) is not null;

    public string? VpcOfSecurityGroup(string groupId)
    {
        lock (_gate)
            return _groups.FirstOrDefault(g => g.GroupId == groupId)?.VpcId;
    }

    public SecurityGroupState CreateSecurityGroup(string name, string description, string? vpcId, IReadOnlyList<Ec2Tag> tags)
    {
        if (name.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
            throw Ec2Errors.InvalidParameterValue("Group names may not be in the format sg-*.");
        if (name.Length > 255 || description.Length > 255)
            throw Ec2Errors.InvalidParameterValue("Value for parameter GroupName or GroupDescription is too long: at most 255 characters.");
        lock (_gate)
        {
            var vpc = vpcId is null
                ? _vpcs.FirstOrDefault(v => v.IsDefault) ?? throw Ec2Errors.Error("VPCIdNotSpecified", "No default VPC for this user")
                : _vpcs.FirstOrDefault(v => v.VpcId == vpcId) ?? throw Ec2Errors.NotFound(Ec2IdKind.Vpc, [vpcId]);
            if (_groups.Any(g => g.VpcId == vpc.VpcId && g.GroupName == name))
                throw Ec2Errors.Error("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpc.VpcId}'");
            var group = new SecurityGroupState(Ec2Ids.Random("sg"), name, description, vpc.VpcId, IsDefault: false, tags);
            _groups.Add(group);
            Save();
            return group;
        }
    }

    /// <summary>By id, or by name in the default VPC (EC2's rule for GroupName without a VPC).</summary>
    public SecurityGroupState DeleteSecurityGroup(string? groupId, string? groupName)
    {
        lock (_gate)
        {
            SecurityGroupState? group;
            if (groupId is not null)
            {
                if (!Ec2Ids.IsWellFormed(Ec2IdKind.SecurityGroup, groupId))
                    throw Ec2Errors.Malformed(Ec2IdKind.SecurityGroup, groupId);
                group = _groups.FirstOrDefault(g => g.GroupId == groupId)
                    ?? throw GroupNotFound(Ec2IdKind.SecurityGroup.NotFoundMessage([groupId]));
            }
            else
            {
                var name = groupName ?? throw Ec2Errors.MissingParameter("GroupId");
                var defaultVpc = _vpcs.FirstOrDefault(v => v.IsDefault)?.VpcId;
                group = _groups.FirstOrDefault(g => g.VpcId == defaultVpc && g.GroupName == name)
                    ?? throw GroupNotFound($"The security group '{name}' does not exist in default VPC '{defaultVpc}'");
            }
            if (group.IsDefault)
                throw Ec2Errors.Error("CannotDelete", $"the specified group: \"{group.GroupId}\" name: \"default\" cannot be deleted by a user");
            _groups.Remove(group);
            Save();
            return group;
        }
    }

    public static AwsErrorException GroupNotFound(string message) => Ec2Errors.Error("InvalidGroup.NotFound", message);

    private void Seed()
    {
        var vpcId = Ec2Ids.Derived("vpc", _accountId, _region, "default-vpc");
        _vpcs.Add(new VpcState(vpcId, DefaultCidr, Ec2Ids.Derived("vpc-cidr-assoc", _accountId, _region, "default-vpc"),
            Ec2Ids.Derived("dopt", _accountId, _region, "default"), IsDefault: true, []));
        var zones = AvailabilityZones.For(_region);
        for (var i = 0; i < zones.Count; i++)
        {
            // 172.31.0.0/20, 172.31.16.0/20, ...: AWS's default subnets. A /20 has 4,096 addresses, 5 reserved.
            _subnets.Add(new SubnetState(Ec2Ids.Derived("subnet", _accountId, _region, zones[i].Name), vpcId, zones[i].Name, zones[i].Id,
                $"172.31.{i * 16}.0/20", 4091, DefaultForAz: true, MapPublicIpOnLaunch: true, []));
        }
        _groups.Add(new SecurityGroupState(Ec2Ids.Derived("sg", _accountId, _region, vpcId, "default"), "default",
            "default VPC security group", vpcId, IsDefault: true, []));
    }

    private void Save() => _file?.Save(new Ec2NetworkSnapshot(_groups.Where(g => !g.IsDefault).ToList()));
}
