using System.Net;

namespace Gureum.Local.Aws.Ec2;

internal sealed record InstanceState
{
    public required string InstanceId { get; init; }
    public required string ReservationId { get; init; }
    public required string ImageId { get; init; }
    public required string InstanceType { get; init; }
    public required string SubnetId { get; init; }
    public required string VpcId { get; init; }
    public required string AvailabilityZone { get; init; }
    public required string PrivateIpAddress { get; init; }
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    public string? KeyName { get; init; }
    public string? UserData { get; init; }
    public string? IamInstanceProfileArn { get; init; }
    public string? HttpTokens { get; init; }
    public string? LaunchTemplateId { get; init; }
    public string? LaunchTemplateName { get; init; }
    public long? LaunchTemplateVersion { get; init; }
    public required DateTimeOffset LaunchTime { get; init; }
    public DateTimeOffset? TerminatedAt { get; set; }
    public string? StateTransitionReason { get; set; }
    public List<Ec2Tag> Tags { get; set; } = [];
}

/// <summary>An instance's state as EC2 reports it: <c>code</c> and <c>name</c>.</summary>
internal sealed record InstanceStateName(int Code, string Name)
{
    public static readonly InstanceStateName Pending = new(0, "pending");
    public static readonly InstanceStateName Running = new(16, "running");
    public static readonly InstanceStateName ShuttingDown = new(32, "shutting-down");
    public static readonly InstanceStateName Terminated = new(48, "terminated");
}

/// <summary>What a launch asks for, after the launch template is resolved.</summary>
internal sealed record InstanceLaunch(string SubnetId, LaunchTemplateData Data, string? LaunchTemplateId, string? LaunchTemplateName,
    long? LaunchTemplateVersion, IReadOnlyList<Ec2Tag> Tags);

internal sealed record Ec2InstancesSnapshot(List<InstanceState> Instances);

/// <summary>
/// Instances behind one lock, persisted to <c>StateDir/aws/ec2-instances.json</c>. Their state is a function of
/// the clock, so fake time drives it and nothing runs in the background: <c>pending</c> for
/// <see cref="PendingDelay"/>, then <c>running</c>; once terminated <c>shutting-down</c> for
/// <see cref="ShutdownDelay"/>, then <c>terminated</c>, and gone after <see cref="TerminatedVisibility"/>
/// (all divided by the clock speed-up). An instance whose user data holds the line
/// <c>#gureum-emulator: unhealthy</c> fails every load balancer health check.
/// </summary>
internal sealed class Ec2Instances
{
    public static readonly TimeSpan PendingDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ShutdownDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TerminatedVisibility = TimeSpan.FromHours(1);
    public const string UnhealthyMarker = "#gureum-emulator: unhealthy";

    public static readonly Ec2IdKind Kind = new("i", "InvalidInstanceID",
        ids => ids.Count == 1 ? $"The instance ID '{ids[0]}' does not exist" : $"The instance IDs '{string.Join(", ", ids)}' do not exist");

    private readonly Lock _gate = new();
    private readonly List<InstanceState> _instances = [];
    private readonly JsonStateFile<Ec2InstancesSnapshot>? _file;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, TimeSpan> _simulated;
    private readonly Ec2Network _network;
    private readonly Ec2ImageCatalog _images;

    public Ec2Instances(Ec2Network network, Ec2ImageCatalog images, TimeProvider time, Func<TimeSpan, TimeSpan> simulated, string? stateFile)
    {
        _network = network;
        _images = images;
        _time = time;
        _simulated = simulated;
        if (stateFile is null)
            return;
        _file = new JsonStateFile<Ec2InstancesSnapshot>(stateFile);
        if (_file.Load() is { } snapshot)
            _instances.AddRange(snapshot.Instances);
    }

    /// <summary>Whether an instance profile (name or ARN) is visible to EC2 yet; set by the emulator to IAM's answer.</summary>
    public Func<string, DateTimeOffset, bool> InstanceProfileVisible { get; set; } = (_, _) => true;

    /// <summary>The ARN an instance profile name stands for.</summary>
    public Func<string, string> InstanceProfileArn { get; set; } = name => name;

    public DateTimeOffset Now => _time.GetUtcNow();

    public InstanceStateName StateOf(InstanceState instance, DateTimeOffset now)
    {
        if (instance.TerminatedAt is { } at)
            return now < at + _simulated(ShutdownDelay) ? InstanceStateName.ShuttingDown : InstanceStateName.Terminated;
        return now < instance.LaunchTime + _simulated(PendingDelay) ? InstanceStateName.Pending : InstanceStateName.Running;
    }

    /// <summary>Launches one instance, with EC2's checks: the image must exist (<c>InvalidAMIID.NotFound</c>), an
    /// instance type is needed, the subnet and groups must exist, an instance profile must be visible.</summary>
    public InstanceState Launch(InstanceLaunch launch)
    {
        var data = launch.Data;
        if (data.ImageId is not { } imageId)
            throw Ec2Errors.MissingParameter("ImageId");
        if (!Ec2Ids.IsWellFormed(Ec2IdKind.Image, imageId))
            throw Ec2Errors.Malformed(Ec2IdKind.Image, imageId);
        if (_images.Find(imageId) is null)
            throw Ec2Errors.NotFound(Ec2IdKind.Image, [imageId]);
        if (data.InstanceType is not { } instanceType)
            throw Ec2Errors.MissingParameter("InstanceType");
        var subnet = _network.Subnets().FirstOrDefault(s => s.SubnetId == launch.SubnetId)
            ?? throw Ec2Errors.NotFound(Ec2IdKind.Subnet, [launch.SubnetId]);
        var groups = data.SecurityGroupIds is { Count: > 0 } ids ? ids
            : _network.SecurityGroups().Where(g => g.VpcId == subnet.VpcId && g.IsDefault).Select(g => g.GroupId).ToList();
        Ec2Ids.RequireAll(Ec2IdKind.SecurityGroup, groups, _network.SecurityGroupExists, "InvalidGroup.NotFound");
        var now = Now;
        string? profileArn = null;
        if ((data.IamInstanceProfileArn ?? data.IamInstanceProfileName) is { } profile)
        {
            if (!InstanceProfileVisible(profile, now))
                throw Ec2Errors.InvalidParameterValue($"Value ({profile}) for parameter iamInstanceProfile.{(data.IamInstanceProfileArn is null ? "name" : "arn")} is invalid. Invalid IAM Instance Profile {(data.IamInstanceProfileArn is null ? "name" : "ARN")}");
            profileArn = data.IamInstanceProfileArn ?? InstanceProfileArn(profile);
        }
        var tags = (data.TagSpecifications ?? []).Where(s => s.ResourceType == "instance").SelectMany(s => s.Tags)
            .Where(t => launch.Tags.All(o => o.Key != t.Key)).Concat(launch.Tags).ToList();
        lock (_gate)
        {
            var instance = new InstanceState
            {
                InstanceId = Ec2Ids.Random("i"),
                ReservationId = Ec2Ids.Random("r"),
                ImageId = imageId,
                InstanceType = instanceType,
                SubnetId = subnet.SubnetId,
                VpcId = subnet.VpcId,
                AvailabilityZone = subnet.AvailabilityZone,
                PrivateIpAddress = FreeAddress(subnet.CidrBlock, now),
                SecurityGroupIds = [.. groups],
                KeyName = data.KeyName,
                UserData = data.UserData,
                IamInstanceProfileArn = profileArn,
                HttpTokens = data.HttpTokens,
                LaunchTemplateId = launch.LaunchTemplateId,
                LaunchTemplateName = launch.LaunchTemplateName,
                LaunchTemplateVersion = launch.LaunchTemplateVersion,
                LaunchTime = now,
                Tags = tags,
            };
            _instances.Add(instance);
            Save();
            return instance with { Tags = [.. tags] };
        }
    }

    /// <summary>Every instance still visible (terminated ones vanish after a while), in launch order.</summary>
    public IReadOnlyList<InstanceState> All()
    {
        lock (_gate)
        {
            Prune();
            return _instances.Select(Copy).ToList();
        }
    }

    public InstanceState? Find(string id)
    {
        lock (_gate)
            return _instances.FirstOrDefault(i => i.InstanceId == id) is { } found ? Copy(found) : null;
    }

    public IReadOnlyList<InstanceState> Require(IReadOnlyList<string> ids)
    {
        lock (_gate)
        {
            Prune();
            Ec2Ids.RequireAll(Kind, ids, id => _instances.Any(i => i.InstanceId == id));
            return ids.Select(id => Copy(_instances.First(i => i.InstanceId == id))).ToList();
        }
    }

    /// <summary>Terminates instances; answers each one's previous and current state.</summary>
    public IReadOnlyList<(InstanceState Instance, InstanceStateName Previous, InstanceStateName Current)> Terminate(IReadOnlyList<string> ids, string reason)
    {
        lock (_gate)
        {
            Prune();
            Ec2Ids.RequireAll(Kind, ids, id => _instances.Any(i => i.InstanceId == id));
            var now = Now;
            var result = new List<(InstanceState, InstanceStateName, InstanceStateName)>();
            foreach (var id in ids.Distinct())
            {
                var instance = _instances.First(i => i.InstanceId == id);
                var previous = StateOf(instance, now);
                if (instance.TerminatedAt is null)
                {
                    instance.TerminatedAt = now;
                    instance.StateTransitionReason = $"{reason} ({now.UtcDateTime:yyyy-MM-dd HH:mm:ss} GMT)";
                }
                result.Add((Copy(instance), previous, StateOf(instance, now)));
            }
            Save();
            return result;
        }
    }

    public void Tag(string id, IReadOnlyList<Ec2Tag> add, IReadOnlyList<(string Key, string? Value)>? remove)
    {
        lock (_gate)
        {
            var instance = _instances.First(i => i.InstanceId == id);
            instance.Tags = Ec2TagEdits.Apply(instance.Tags, add, remove);
            Save();
        }
    }

    public bool Exists(string id)
    {
        lock (_gate)
            return _instances.Any(i => i.InstanceId == id && i.TerminatedAt is null);
    }

    /// <summary>Whether the instance fails load balancer health checks: its user data holds the line
    /// <c>#gureum-emulator: unhealthy</c>, or it is not running.</summary>
    public bool IsUnhealthy(string id)
    {
        var instance = Find(id);
        if (instance is null || StateOf(instance, Now) != InstanceStateName.Running)
            return true;
        return HasUnhealthyMarker(instance.UserData);
    }

    public static bool HasUnhealthyMarker(string? userData)
    {
        if (userData is null)
            return false;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(userData));
            return text.Split('\n').Any(line => line.Trim() == UnhealthyMarker);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private string FreeAddress(string cidr, DateTimeOffset now)
    {
        var parts = cidr.Split('/');
        var network = IPAddress.Parse(parts[0]).GetAddressBytes();
        var size = 1u << (32 - int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        var start = ((uint)network[0] << 24) | ((uint)network[1] << 16) | ((uint)network[2] << 8) | network[3];
        var used = _instances.Where(i => StateOf(i, now) != InstanceStateName.Terminated).Select(i => i.PrivateIpAddress).ToHashSet();
        // AWS reserves the first four addresses and the last one of every subnet.
        for (var offset = 4u; offset < size - 1; offset++)
        {
            var a = start + offset;
            var text = $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
            if (!used.Contains(text))
                return text;
        }
        throw Ec2Errors.Error("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet to satisfy the requested number of instances.");
    }

    private void Prune()
    {
        var now = Now;
        if (_instances.RemoveAll(i => i.TerminatedAt is { } at && now >= at + _simulated(ShutdownDelay) + _simulated(TerminatedVisibility)) > 0)
            Save();
    }

    private void Save() => _file?.Save(new Ec2InstancesSnapshot([.. _instances]));

    private static InstanceState Copy(InstanceState i) => i with { Tags = [.. i.Tags] };
}
