using System.Globalization;
using Gureum.Local.Aws.Ec2;
using Gureum.Local.Aws.Elbv2;
using Gureum.Local.Aws.Query;

namespace Gureum.Local.Aws.AutoScaling;

/// <summary>
/// Auto Scaling groups, their instances, policies, instance refreshes and scaling activities, behind one lock,
/// persisted to <c>StateDir/aws/autoscaling.json</c>. The groups' behaviour is <see cref="Reconcile"/>: run before
/// every EC2, ELBv2 and Auto Scaling request and from a timer on the emulator's clock, it moves every group as far
/// as the clock allows (fake time or the speed-up drive it; nothing sleeps). Lock order: this store, then EC2's
/// instances, then ELBv2's store (which asks EC2); neither of those calls back here.
/// </summary>
internal sealed partial class AutoScalingStore
{
    public const string CpuTag = "gureum-emulator:cpu";
    public const string RequestsTag = "gureum-emulator:requests-per-target";
    /// <summary>How long a failed launch waits before the next attempt (divided by the speed-up).</summary>
    public static readonly TimeSpan LaunchRetry = TimeSpan.FromSeconds(10);
    /// <summary>Target tracking's alarms: above the target for 3 one-minute periods scales out; below 90 % of it
    /// for 15 periods scales in, as the alarms AWS creates for a target tracking policy do.</summary>
    public static readonly TimeSpan HighAlarmPeriod = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan LowAlarmPeriod = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly List<AsgGroup> _groups = [];
    private readonly List<AsgActivity> _activities = [];
    private readonly JsonStateFile<AutoScalingSnapshot>? _file;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, TimeSpan> _simulated;
    private readonly string _region;
    private readonly string _account;

    public AutoScalingStore(string region, string account, TimeProvider time, Func<TimeSpan, TimeSpan> simulated, string? stateFile)
    {
        _region = region;
        _account = account;
        _time = time;
        _simulated = simulated;
        if (stateFile is null)
            return;
        _file = new JsonStateFile<AutoScalingSnapshot>(stateFile);
        if (_file.Load() is { } snapshot)
        {
            _groups.AddRange(snapshot.Groups);
            _activities.AddRange(snapshot.Activities);
        }
    }

    /// <summary>The emulated EC2 and ELBv2; set by the emulator (null: Auto Scaling alone, no launches).</summary>
    public Ec2Service? Ec2 { get; set; }
    public Elbv2Store? Elbv2 { get; set; }

    public DateTimeOffset Now => _time.GetUtcNow();

    private Ec2Service RequireEc2 => Ec2 ?? throw new InvalidOperationException("Auto Scaling needs the EC2 emulator.");

    // ---- groups ----

    public void Create(AsgGroup group)
    {
        lock (_gate)
        {
            if (_groups.Any(g => g.Name == group.Name))
                throw Error("AlreadyExists", $"AutoScalingGroup by this name already exists - A group with the name {group.Name} already exists");
            if (_groups.Count >= 500)
                throw Error("LimitExceeded", "You have reached your limit of 500 Auto Scaling groups.");
            group.LastCause = $"At {Stamp(Now)} a user request created an AutoScalingGroup changing the desired capacity from 0 to {group.DesiredCapacity}.";
            _groups.Add(group);
            Save();
        }
    }

    public void Update(string name, Action<AsgGroup> change)
    {
        lock (_gate)
        {
            var group = Group(name);
            var before = group.DesiredCapacity;
            change(group);
            if (group.DesiredCapacity != before)
                group.LastCause = $"At {Stamp(Now)} a user request update of AutoScalingGroup constraints to min: {group.MinSize}, max: {group.MaxSize}, desired: {group.DesiredCapacity} changing the desired capacity from {before} to {group.DesiredCapacity}.";
            Save();
        }
    }

    /// <summary>Without ForceDelete AWS refuses while instances remain (ScalingActivityInProgress while any
    /// is launching or terminating, ResourceInUse otherwise); with it the instances are terminated and the group
    /// goes when they have.</summary>
    public void Delete(string name, bool force)
    {
        lock (_gate)
        {
            var group = Group(name);
            if (!force && group.Instances.Any(i => i.LifecycleState is "Pending" or "Terminating"))
                throw Error("ScalingActivityInProgress", "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.");
            if (!force && group.Instances.Count > 0)
                throw Error("ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.");
            group.Deleting = true;
            group.DesiredCapacity = 0;
            group.MinSize = 0;
            group.MaxSize = 0;
            group.LastCause = $"At {Stamp(Now)} a user request delete of AutoScalingGroup.";
            Reconcile(group, Now);
            if (group.Instances.Count == 0)
                _groups.Remove(group);
            Save();
        }
    }

    public IReadOnlyList<AsgGroup> Groups()
    {
        lock (_gate)
            return _groups.Select(Copy).ToList();
    }

    public AsgGroup Get(string name)
    {
        lock (_gate)
            return Copy(Group(name));
    }

    public void SetDesiredCapacity(string name, int desired)
    {
        lock (_gate)
        {
            var group = Group(name);
            if (desired > group.MaxSize)
                throw Validation($"New SetDesiredCapacity value {desired} is above max value {group.MaxSize} for the AutoScalingGroup.");
            if (desired < group.MinSize)
                throw Validation($"New SetDesiredCapacity value {desired} is below min value {group.MinSize} for the AutoScalingGroup.");
            if (desired != group.DesiredCapacity)
                group.LastCause = $"At {Stamp(Now)} a user request explicitly set group desired capacity changing the desired capacity from {group.DesiredCapacity} to {desired}.";
            group.DesiredCapacity = desired;
            Save();
        }
    }

    public AsgActivity TerminateInstance(string instanceId, bool decrement)
    {
        lock (_gate)
        {
            var group = _groups.FirstOrDefault(g => g.Instances.Any(i => i.InstanceId == instanceId))
                ?? throw Validation($"Instance Id not found - No managed instance found for instance ID: {instanceId}");
            var instance = group.Instances.First(i => i.InstanceId == instanceId);
            var now = Now;
            if (instance.LifecycleState == "Terminating")
                return _activities.First(a => a.ActivityId == instance.ActivityId) with { };
            var cause = $"At {Stamp(now)} instance {instanceId} was taken out of service in response to a user request";
            if (decrement)
            {
                if (group.DesiredCapacity - 1 < group.MinSize)
                    throw Validation($"Currently, desiredCapacity={group.DesiredCapacity} and minSize={group.MinSize}, terminating instance(s) will result in desired capacity={group.DesiredCapacity - 1}, which is below min size={group.MinSize}");
                cause += $", shrinking the capacity from {group.DesiredCapacity} to {group.DesiredCapacity - 1}.";
                group.DesiredCapacity--;
            }
            else
                cause += ".";
            var activity = Terminate(group, instance, cause, now);
            Save();
            return activity with { };
        }
    }

    public void SetTags(IReadOnlyList<(string Group, AsgTag Tag)> tags)
    {
        lock (_gate)
        {
            foreach (var (name, _) in tags)
                Group(name);
            foreach (var (name, tag) in tags)
            {
                var group = Group(name);
                group.Tags.RemoveAll(t => t.Key == tag.Key);
                group.Tags.Add(tag);
                if (group.Tags.Count > 50)
                    throw Error("LimitExceeded", "The number of tags for the Auto Scaling group exceeds the limit of 50.");
            }
            Save();
        }
    }

    public void DeleteTags(IReadOnlyList<(string Group, string Key)> tags)
    {
        lock (_gate)
        {
            foreach (var (name, key) in tags)
                Group(name).Tags.RemoveAll(t => t.Key == key);
            Save();
        }
    }

    public void AttachTargetGroups(string name, IReadOnlyList<string> arns)
    {
        CheckTargetGroups(arns);
        lock (_gate)
        {
            var group = Group(name);
            foreach (var arn in arns.Where(a => !group.TargetGroupArns.Contains(a)))
            {
                group.TargetGroupArns.Add(arn);
                foreach (var instance in group.Instances.Where(i => i.LifecycleState == "InService"))
                    Register(arn, instance.InstanceId);
            }
            Save();
        }
    }

    public void DetachTargetGroups(string name, IReadOnlyList<string> arns)
    {
        lock (_gate)
        {
            var group = Group(name);
            foreach (var arn in arns.Where(group.TargetGroupArns.Contains))
            {
                group.TargetGroupArns.Remove(arn);
                foreach (var instance in group.Instances)
                    Deregister(arn, instance.InstanceId);
            }
            Save();
        }
    }

    public void CheckTargetGroups(IReadOnlyList<string> arns)
    {
        if (Elbv2 is null)
            return;
        foreach (var arn in arns)
        {
            try
            {
                Elbv2.DescribeTargetGroups(null, [], [arn]);
            }
            catch (AwsErrorException)
            {
                throw Validation("Provided Target Groups may not be valid. Please ensure they exist and try again.");
            }
        }
    }

    // ---- policies ----

    public AsgPolicy PutPolicy(string groupName, Func<AsgGroup, AsgPolicy?, AsgPolicy> make)
    {
        lock (_gate)
        {
            var group = Group(groupName);
            var policy = make(group, null);
            var existing = group.Policies.FirstOrDefault(p => p.Name == policy.Name);
            if (existing is not null)
            {
                policy = make(group, existing);
                group.Policies.Remove(existing);
            }
            else if (group.Policies.Count >= 50)
                throw Error("LimitExceeded", "You have reached the maximum number of scaling policies (50) for this Auto Scaling group.");
            group.Policies.Add(policy);
            Save();
            return policy with { };
        }
    }

    public IReadOnlyList<AsgPolicy> Policies(string? groupName, IReadOnlyList<string> names, IReadOnlyList<string> types)
    {
        lock (_gate)
        {
            var groups = groupName is null ? _groups : _groups.Where(g => g.Name == groupName);
            return groups.SelectMany(g => g.Policies)
                .Where(p => names.Count == 0 || names.Contains(p.Name) || names.Contains(p.Arn))
                .Where(p => types.Count == 0 || types.Contains(p.PolicyType))
                .Select(p => p with { }).ToList();
        }
    }

    public string GroupOfPolicy(AsgPolicy policy)
    {
        lock (_gate)
            return _groups.First(g => g.Policies.Any(p => p.Arn == policy.Arn)).Name;
    }

    public void DeletePolicy(string? groupName, string nameOrArn)
    {
        lock (_gate)
        {
            var groups = groupName is null ? _groups : [Group(groupName)];
            var group = groups.FirstOrDefault(g => g.Policies.Any(p => p.Name == nameOrArn || p.Arn == nameOrArn))
                ?? throw Validation($"Policy {nameOrArn} not found");
            group.Policies.RemoveAll(p => p.Name == nameOrArn || p.Arn == nameOrArn);
            Save();
        }
    }

    // ---- instance refresh ----

    public string StartRefresh(string groupName, AsgRefresh refresh)
    {
        lock (_gate)
        {
            var group = Group(groupName);
            if (group.Refreshes.Any(r => r.IsActive))
                throw Error("InstanceRefreshInProgress", "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.");
            group.Refreshes.Insert(0, refresh);
            Save();
            return refresh.Id;
        }
    }

    public string CancelRefresh(string groupName)
    {
        lock (_gate)
        {
            var group = Group(groupName);
            var refresh = group.Refreshes.FirstOrDefault(r => r.IsActive)
                ?? throw Error("ActiveInstanceRefreshNotFound", $"No in progress or pending Instance Refresh found for Auto Scaling group {groupName}");
            // Instances being replaced finish their launch; no further ones are replaced.
            refresh.Status = "Cancelled";
            refresh.StatusReason = "Instance refresh was cancelled by a user request.";
            refresh.EndTime = Now;
            Save();
            return refresh.Id;
        }
    }

    public IReadOnlyList<AsgRefresh> Refreshes(string groupName, IReadOnlyList<string> ids)
    {
        lock (_gate)
            return Group(groupName).Refreshes.Where(r => ids.Count == 0 || ids.Contains(r.Id)).Select(r => r with { }).ToList();
    }

    public IReadOnlyList<AsgActivity> Activities(string? groupName, IReadOnlyList<string> ids)
    {
        lock (_gate)
            return _activities
                .Where(a => groupName is null || a.GroupName == groupName)
                .Where(a => ids.Count == 0 || ids.Contains(a.ActivityId))
                .OrderByDescending(a => a.StartTime).Select(a => a with { }).ToList();
    }

    public bool Exists(string name)
    {
        lock (_gate)
            return _groups.Any(g => g.Name == name);
    }

    private AsgGroup Group(string name) =>
        _groups.FirstOrDefault(g => g.Name == name) ?? throw Validation($"AutoScalingGroup name not found - AutoScalingGroup {name} not found");

    public static AwsErrorException Validation(string message) => Error("ValidationError", message);

    public static AwsErrorException Error(string code, string message) => new(new AwsError(400, code, message));

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void Save() => _file?.Save(new AutoScalingSnapshot([.. _groups], [.. _activities]));

    private static AsgGroup Copy(AsgGroup g) => g with
    {
        SubnetIds = [.. g.SubnetIds],
        TargetGroupArns = [.. g.TargetGroupArns],
        Tags = [.. g.Tags],
        Instances = g.Instances.Select(i => i with { }).ToList(),
        Policies = g.Policies.Select(p => p with { }).ToList(),
        Refreshes = g.Refreshes.Select(r => r with { }).ToList(),
    };
}
