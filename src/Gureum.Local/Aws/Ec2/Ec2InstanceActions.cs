using static Gureum.Local.Aws.Ec2.Ec2Xml;

namespace Gureum.Local.Aws.Ec2;

/// <summary>RunInstances (from a launch template or ImageId/InstanceType), DescribeInstances, DescribeInstanceStatus,
/// TerminateInstances, and CreateTags/DeleteTags/DescribeTags for instances and launch templates.</summary>
internal sealed class Ec2InstanceActions(Ec2Instances instances, Ec2LaunchTemplates templates, Ec2Network network, string accountId) : IEc2Actions
{
    private Ec2FilterSet<InstanceState> Filters => new(new Dictionary<string, Func<InstanceState, IEnumerable<string?>>>
    {
        ["instance-id"] = i => [i.InstanceId],
        ["instance-state-name"] = i => [instances.StateOf(i, instances.Now).Name],
        ["instance-state-code"] = i => [instances.StateOf(i, instances.Now).Code.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        ["instance-type"] = i => [i.InstanceType],
        ["image-id"] = i => [i.ImageId],
        ["subnet-id"] = i => [i.SubnetId],
        ["vpc-id"] = i => [i.VpcId],
        ["availability-zone"] = i => [i.AvailabilityZone],
        ["private-ip-address"] = i => [i.PrivateIpAddress],
        ["key-name"] = i => [i.KeyName],
        ["reservation-id"] = i => [i.ReservationId],
        ["iam-instance-profile.arn"] = i => [i.IamInstanceProfileArn],
        ["instance.group-id"] = i => i.SecurityGroupIds,
    }, i => i.Tags);

    public IReadOnlyDictionary<string, Ec2Action> Actions => new Dictionary<string, Ec2Action>(StringComparer.Ordinal)
    {
        ["RunInstances"] = Ec2Action.Write(RunInstances),
        ["DescribeInstances"] = Ec2Action.Read(DescribeInstances),
        ["DescribeInstanceStatus"] = Ec2Action.Read(DescribeInstanceStatus),
        ["TerminateInstances"] = Ec2Action.Write(TerminateInstances),
        ["CreateTags"] = Ec2Action.Write(CreateTags),
        ["DeleteTags"] = Ec2Action.Write(DeleteTags),
        ["DescribeTags"] = Ec2Action.Read(DescribeTags),
    };

    private IEnumerable<object?> RunInstances(Ec2Parameters p)
    {
        var min = p.Int("MinCount", 1, 1000) ?? throw Ec2Errors.MissingParameter("MinCount");
        var max = p.Int("MaxCount", 1, 1000) ?? throw Ec2Errors.MissingParameter("MaxCount");
        if (min > max)
            throw Ec2Errors.InvalidParameterValue("MinCount must be less than or equal to MaxCount");
        LaunchTemplateData data = new();
        string? ltId = null, ltName = null;
        long? ltVersion = null;
        if (p.HasPrefix("LaunchTemplate."))
        {
            var (template, version) = templates.Resolve(p.Optional("LaunchTemplate.LaunchTemplateId"), p.Optional("LaunchTemplate.LaunchTemplateName"),
                p.Optional("LaunchTemplate.Version"));
            (data, ltId, ltName, ltVersion) = (version.Data, template.Id, template.Name, version.VersionNumber);
        }
        var groups = p.List("SecurityGroupId");
        data = new LaunchTemplateData
        {
            ImageId = p.Optional("ImageId"),
            InstanceType = p.Optional("InstanceType"),
            KeyName = p.Optional("KeyName"),
            UserData = p.Optional("UserData"),
            SecurityGroupIds = groups.Count == 0 ? null : groups,
            IamInstanceProfileArn = p.Optional("IamInstanceProfile.Arn"),
            IamInstanceProfileName = p.Optional("IamInstanceProfile.Name"),
            HttpTokens = p.Optional("MetadataOptions.HttpTokens"),
        }.Over(data);
        var tags = p.TagsFor("instance");
        var subnet = p.Optional("SubnetId") ?? network.Subnets().First(s => s.DefaultForAz).SubnetId;
        p.ThrowIfDryRun();
        var launched = Enumerable.Range(0, max).Select(_ => instances.Launch(new InstanceLaunch(subnet, data, ltId, ltName, ltVersion, tags))).ToList();
        return
        [
            E("reservationId", launched[0].ReservationId),
            E("ownerId", accountId),
            E("groupSet"),
            Items("instancesSet", launched, Instance),
        ];
    }

    private IEnumerable<object?> DescribeInstances(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var ids = p.List("InstanceId");
        var all = ids.Count > 0 ? instances.Require(ids) : instances.All();
        var (page, next) = Ec2Paging.Page(Filters.Apply(all, p.Filters()), p, 5, 1000);
        return [Items("reservationSet", page, i => (IEnumerable<object?>)
        [
            E("reservationId", i.ReservationId),
            E("ownerId", accountId),
            E("groupSet"),
            Items("instancesSet", [i], Instance),
        ]), NextToken(next)];
    }

    private IEnumerable<object?> DescribeInstanceStatus(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var ids = p.List("InstanceId");
        var all = ids.Count > 0 ? instances.Require(ids) : instances.All();
        var includeAll = p.Bool("IncludeAllInstances");
        var now = instances.Now;
        var selected = all.Where(i => includeAll || instances.StateOf(i, now) == InstanceStateName.Running).ToList();
        var (page, next) = Ec2Paging.Page(selected, p, 5, 1000);
        return [Items("instanceStatusSet", page, i =>
        {
            var state = instances.StateOf(i, now);
            var status = state == InstanceStateName.Running ? "ok" : "not-applicable";
            return
            [
                E("instanceId", i.InstanceId),
                E("availabilityZone", i.AvailabilityZone),
                State("instanceState", state),
                E("systemStatus", E("status", status), Items("details", [status], s => [E("name", "reachability"), E("status", s == "ok" ? "passed" : "not-applicable")])),
                E("instanceStatus", E("status", status), Items("details", [status], s => [E("name", "reachability"), E("status", s == "ok" ? "passed" : "not-applicable")])),
            ];
        }), NextToken(next)];
    }

    private IEnumerable<object?> TerminateInstances(Ec2Parameters p)
    {
        var ids = p.List("InstanceId");
        if (ids.Count == 0)
            throw Ec2Errors.MissingParameter("InstanceId");
        instances.Require(ids);
        p.ThrowIfDryRun();
        var changes = instances.Terminate(ids, "User initiated");
        return [Items("instancesSet", changes, c => [E("instanceId", c.Instance.InstanceId), State("currentState", c.Current), State("previousState", c.Previous)])];
    }

    private IEnumerable<object?> CreateTags(Ec2Parameters p)
    {
        var ids = Resources(p);
        var tags = new List<Ec2Tag>();
        for (var i = 1; p.Optional($"Tag.{i}.Key") is { } key; i++)
            tags.Add(new Ec2Tag(key, p.Optional($"Tag.{i}.Value") ?? ""));
        if (tags.Count == 0)
            throw Ec2Errors.MissingParameter("Tag");
        if (tags.FirstOrDefault(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
            throw Ec2Errors.InvalidParameterValue($"Tag keys starting with 'aws:' are reserved for internal use ('{reserved.Key}')");
        p.ThrowIfDryRun();
        foreach (var id in ids)
            Tag(id, tags, null);
        return [E("return", "true")];
    }

    private IEnumerable<object?> DeleteTags(Ec2Parameters p)
    {
        var ids = Resources(p);
        var tags = new List<(string, string?)>();
        for (var i = 1; p.Optional($"Tag.{i}.Key") is { } key; i++)
            tags.Add((key, p.Optional($"Tag.{i}.Value")));
        p.ThrowIfDryRun();
        foreach (var id in ids)
            Tag(id, [], tags);
        return [E("return", "true")];
    }

    private IEnumerable<object?> DescribeTags(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var all = instances.All().SelectMany(i => i.Tags.Select(t => (Id: i.InstanceId, Type: "instance", Tag: t)))
            .Concat(templates.Describe([], []).SelectMany(l => l.Tags.Select(t => (Id: l.Id, Type: "launch-template", Tag: t))))
            .ToList();
        var filters = new Ec2FilterSet<(string Id, string Type, Ec2Tag Tag)>(new Dictionary<string, Func<(string Id, string Type, Ec2Tag Tag), IEnumerable<string?>>>
        {
            ["resource-id"] = x => [x.Id],
            ["resource-type"] = x => [x.Type],
            ["key"] = x => [x.Tag.Key],
            ["value"] = x => [x.Tag.Value],
        }, x => [x.Tag]);
        var (page, next) = Ec2Paging.Page(filters.Apply(all, p.Filters()), p, 5, 1000);
        return [Items("tagSet", page, x => [E("resourceId", x.Id), E("resourceType", x.Type), E("key", x.Tag.Key), E("value", x.Tag.Value)]), NextToken(next)];
    }

    /// <summary>ResourceId.N: instances and launch templates are taggable here; other kinds are refused.</summary>
    private IReadOnlyList<string> Resources(Ec2Parameters p)
    {
        var ids = p.List("ResourceId");
        if (ids.Count == 0)
            throw Ec2Errors.MissingParameter("ResourceId");
        foreach (var id in ids)
        {
            if (id.StartsWith("i-", StringComparison.Ordinal))
                instances.Require([id]);
            else if (id.StartsWith("lt-", StringComparison.Ordinal))
                templates.Describe([id], []);
            else
                throw Ec2Errors.Error("InvalidID", $"The ID '{id}' is not valid");
        }
        return ids;
    }

    private void Tag(string id, IReadOnlyList<Ec2Tag> add, IReadOnlyList<(string, string?)>? remove)
    {
        if (id.StartsWith("i-", StringComparison.Ordinal))
            instances.Tag(id, add, remove);
        else
            templates.Tag(id, add, remove);
    }

    private static System.Xml.Linq.XElement State(string name, InstanceStateName state) =>
        E(name, E("code", state.Code), E("name", state.Name));

    private IEnumerable<object?> Instance(InstanceState i)
    {
        var state = instances.StateOf(i, instances.Now);
        var dns = $"ip-{i.PrivateIpAddress.Replace('.', '-')}.ec2.internal";
        return
        [
            E("instanceId", i.InstanceId),
            E("imageId", i.ImageId),
            State("instanceState", state),
            E("privateDnsName", state == InstanceStateName.Terminated ? "" : dns),
            E("dnsName", ""),
            E("reason", i.StateTransitionReason ?? ""),
            Optional("keyName", i.KeyName),
            E("amiLaunchIndex", 0),
            E("productCodes"),
            E("instanceType", i.InstanceType),
            E("launchTime", Ec2LaunchTemplateActions.Time(i.LaunchTime)),
            E("placement", E("availabilityZone", i.AvailabilityZone), E("groupName", ""), E("tenancy", "default")),
            E("monitoring", E("state", "disabled")),
            state == InstanceStateName.Terminated ? null : E("subnetId", i.SubnetId),
            state == InstanceStateName.Terminated ? null : E("vpcId", i.VpcId),
            state == InstanceStateName.Terminated ? null : E("privateIpAddress", i.PrivateIpAddress),
            i.TerminatedAt is null ? null : E("stateReason", E("code", "Client.UserInitiatedShutdown"),
                E("message", "Client.UserInitiatedShutdown: User initiated shutdown")),
            E("architecture", "x86_64"),
            E("rootDeviceType", "ebs"),
            E("rootDeviceName", "/dev/xvda"),
            Items("groupSet", i.SecurityGroupIds, g => [E("groupId", g),
                E("groupName", network.SecurityGroups().FirstOrDefault(s => s.GroupId == g)?.GroupName ?? "")]),
            E("virtualizationType", "hvm"),
            E("clientToken", ""),
            TagSet(i.Tags),
            E("hypervisor", "xen"),
            i.IamInstanceProfileArn is null ? null
                : E("iamInstanceProfile", E("arn", i.IamInstanceProfileArn), E("id", Ec2Ids.Derived("AIPA", i.IamInstanceProfileArn)[5..].ToUpperInvariant())),
            E("ebsOptimized", "false"),
            E("metadataOptions", E("state", "applied"), E("httpTokens", i.HttpTokens ?? "optional"), E("httpPutResponseHopLimit", 2),
                E("httpEndpoint", "enabled")),
        ];
    }
}
