using System.Globalization;
using Gureum.Local.Aws.Ec2;
using Gureum.Local.Aws.Elbv2;

namespace Gureum.Local.Aws.AutoScaling;

/// <summary>What groups do on their own: launch and terminate to match desired capacity, register InService
/// instances with their target groups, replace unhealthy instances, target tracking and instance refresh.</summary>
internal sealed partial class AutoScalingStore
{
    /// <summary>Moves every group as far as the clock allows; each step may enable the next (a launched instance
    /// running, then InService), so steps repeat until nothing changes.</summary>
    public void Reconcile()
    {
        if (Ec2 is null)
            return;
        lock (_gate)
        {
            var now = Now;
            var changed = false;
            foreach (var group in _groups.ToList())
            {
                for (var step = 0; step < 20 && Reconcile(group, now); step++)
                    changed = true;
                if (group.Deleting && group.Instances.Count == 0)
                {
                    _groups.Remove(group);
                    changed = true;
                }
            }
            if (changed)
                Save();
        }
    }

    private bool Reconcile(AsgGroup group, DateTimeOffset now)
    {
        var changed = SyncInstances(group, now);
        if (!group.Deleting)
        {
            changed |= TrackTargets(group, now);
            changed |= Refresh(group, now);
        }
        changed |= MatchCapacity(group, now);
        return changed;
    }

    private bool SyncInstances(AsgGroup group, DateTimeOffset now)
    {
        var ec2 = RequireEc2.Instances;
        var changed = false;
        foreach (var instance in group.Instances.ToList())
        {
            var found = ec2.Find(instance.InstanceId);
            var state = found is null ? InstanceStateName.Terminated : ec2.StateOf(found, now);
            switch (instance.LifecycleState)
            {
                case "Terminating" when state == InstanceStateName.Terminated:
                    group.Instances.Remove(instance);
                    Complete(instance.ActivityId, now);
                    changed = true;
                    continue;
                case "Pending" when state == InstanceStateName.Running:
                    instance.LifecycleState = "InService";
                    instance.InServiceAt = now;
                    foreach (var arn in group.TargetGroupArns)
                        Register(arn, instance.InstanceId);
                    Complete(instance.ActivityId, now);
                    changed = true;
                    break;
            }
            if (instance.LifecycleState == "Terminating" || instance.HealthStatus == "Unhealthy")
                continue;
            string? failure = null;
            if (state == InstanceStateName.ShuttingDown || state == InstanceStateName.Terminated)
                failure = "an EC2 health check indicating it has been terminated or stopped";
            else if (instance.LifecycleState == "InService" && group.HealthCheckType == "ELB"
                && now >= instance.LaunchedAt + _simulated(TimeSpan.FromSeconds(group.HealthCheckGracePeriod))
                && group.TargetGroupArns.Any(arn => TargetState(arn, instance.InstanceId) == "unhealthy"))
                failure = "an ELB system health check failure";
            if (failure is not null)
            {
                instance.HealthStatus = "Unhealthy";
                Terminate(group, instance, $"At {Stamp(now)} an instance was taken out of service in response to {failure}.", now);
                changed = true;
            }
        }
        return changed;
    }

    private bool MatchCapacity(AsgGroup group, DateTimeOffset now)
    {
        var active = group.Active.ToList();
        if (active.Count < group.DesiredCapacity && (group.NextLaunchAttempt is null || now >= group.NextLaunchAttempt))
        {
            var from = active.Count;
            for (var i = from; i < group.DesiredCapacity; i++)
                if (!Launch(group, now, from))
                    return true;
            return true;
        }
        if (active.Count > group.DesiredCapacity)
        {
            var current = LaunchSpec(group);
            var version = TryResolve(current)?.Version;
            for (var n = active.Count; n > group.DesiredCapacity; n--)
            {
                // AWS's default termination policy: the zone with most instances, then instances of an older
                // launch template version, then the oldest.
                var candidates = group.Active.ToList();
                var zone = candidates.GroupBy(i => i.AvailabilityZone).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
                var victim = candidates.Where(i => i.AvailabilityZone == zone)
                    .OrderBy(i => i.LaunchTemplateVersion == version ? 1 : 0)
                    .ThenBy(i => i.LaunchedAt).First();
                Terminate(group, victim, $"{group.LastCause}  At {Stamp(now)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {n} to {n - 1}.", now);
            }
            return true;
        }
        return false;
    }

    /// <summary>Launches one instance in the zone with fewest; false when the launch failed (recorded as a failed activity).</summary>
    private bool Launch(AsgGroup group, DateTimeOffset now, int from)
    {
        var ec2 = RequireEc2;
        var subnets = ec2.Network.Subnets().Where(s => group.SubnetIds.Contains(s.SubnetId)).ToList();
        var active = group.Active.ToList();
        var subnet = subnets.OrderBy(s => active.Count(i => i.SubnetId == s.SubnetId)).ThenBy(s => group.SubnetIds.IndexOf(s.SubnetId)).FirstOrDefault();
        var cause = $"{group.LastCause}  At {Stamp(now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {from} to {group.DesiredCapacity}.";
        try
        {
            if (subnet is null)
                throw Validation("No subnet of the group exists any more.");
            var spec = LaunchSpec(group);
            var (template, version) = ec2.LaunchTemplates.Resolve(spec.LaunchTemplateId, spec.LaunchTemplateName, spec.Version);
            var tags = group.Tags.Where(t => t.PropagateAtLaunch).Select(t => new Ec2Tag(t.Key, t.Value))
                .Append(new Ec2Tag("aws:autoscaling:groupName", group.Name))
                .Append(new Ec2Tag("aws:ec2launchtemplate:id", template.Id))
                .Append(new Ec2Tag("aws:ec2launchtemplate:version", version.VersionNumber.ToString(CultureInfo.InvariantCulture)))
                .ToList();
            var launched = ec2.Instances.Launch(new InstanceLaunch(subnet.SubnetId, version.Data, template.Id, template.Name, version.VersionNumber, tags));
            var activity = Record(group, $"Launching a new EC2 instance: {launched.InstanceId}", cause, now,
                $"{{\"Subnet ID\":\"{subnet.SubnetId}\",\"Availability Zone\":\"{subnet.AvailabilityZone}\"}}");
            group.Instances.Add(new AsgInstance
            {
                InstanceId = launched.InstanceId,
                AvailabilityZone = launched.AvailabilityZone,
                SubnetId = launched.SubnetId,
                InstanceType = launched.InstanceType,
                ImageId = launched.ImageId,
                LaunchTemplateId = template.Id,
                LaunchTemplateName = template.Name,
                LaunchTemplateVersion = version.VersionNumber,
                LaunchedAt = now,
                ActivityId = activity.ActivityId,
            });
            group.NextLaunchAttempt = null;
            return true;
        }
        catch (AwsErrorException e)
        {
            var activity = Record(group, "Launching a new EC2 instance.  Status Reason: " + e.Error.Message + " Launching EC2 instance failed.", cause, now);
            activity.StatusCode = "Failed";
            activity.StatusMessage = e.Error.Message + " Launching EC2 instance failed.";
            activity.EndTime = now;
            activity.Progress = 100;
            group.NextLaunchAttempt = now + _simulated(LaunchRetry);
            return false;
        }
    }

    private AsgActivity Terminate(AsgGroup group, AsgInstance instance, string cause, DateTimeOffset now)
    {
        foreach (var arn in group.TargetGroupArns)
            Deregister(arn, instance.InstanceId);
        if (RequireEc2.Instances.Find(instance.InstanceId) is { TerminatedAt: null })
            RequireEc2.Instances.Terminate([instance.InstanceId], "Service initiated (Auto Scaling)");
        if (instance.ActivityId is { } launch)
            Complete(launch, now, stillInProgress: true);
        var activity = Record(group, $"Terminating EC2 instance: {instance.InstanceId}", cause, now);
        instance.LifecycleState = "Terminating";
        instance.ActivityId = activity.ActivityId;
        return activity;
    }

    // ---- target tracking ----

    private bool TrackTargets(AsgGroup group, DateTimeOffset now)
    {
        var changed = false;
        var inService = group.Instances.Count(i => i.LifecycleState == "InService");
        foreach (var policy in group.Policies.Where(p => p.Enabled && p.PolicyType == "TargetTrackingScaling"))
        {
            double? metric = policy.MetricType switch
            {
                "ASGAverageCPUUtilization" => TagNumber(group, CpuTag),
                "ALBRequestCountPerTarget" => TagNumber(group, RequestsTag),
                _ => null,
            };
            if (metric is not { } value || inService == 0)
            {
                changed |= policy.HighSince is not null || policy.LowSince is not null;
                (policy.HighSince, policy.LowSince) = (null, null);
                continue;
            }
            if (value > policy.TargetValue)
            {
                policy.LowSince = null;
                policy.HighSince ??= now;
                if (now - policy.HighSince.Value < _simulated(HighAlarmPeriod) || (group.ScaleOutReadyAt is { } ready && now < ready))
                    continue;
                var wanted = Math.Min(group.MaxSize, (int)Math.Ceiling(inService * value / policy.TargetValue));
                policy.HighSince = null;
                if (wanted > group.DesiredCapacity)
                {
                    SetByPolicy(group, policy, "AlarmHigh", wanted, now);
                    var warmup = policy.EstimatedInstanceWarmup ?? group.DefaultInstanceWarmup ?? group.DefaultCooldown;
                    group.ScaleOutReadyAt = now + _simulated(TimeSpan.FromSeconds(warmup));
                    changed = true;
                }
            }
            else if (value < policy.TargetValue * 0.9 && !policy.DisableScaleIn)
            {
                policy.HighSince = null;
                policy.LowSince ??= now;
                if (now - policy.LowSince.Value < _simulated(LowAlarmPeriod) || (group.ScaleInReadyAt is { } ready && now < ready))
                    continue;
                // In conservatively: toward what the metric asks, but at most 10 % of the capacity (at least one) at a time.
                var wanted = Math.Max(group.MinSize, Math.Max((int)Math.Ceiling(inService * value / policy.TargetValue),
                    group.DesiredCapacity - Math.Max(1, group.DesiredCapacity / 10)));
                policy.LowSince = null;
                if (wanted < group.DesiredCapacity)
                {
                    SetByPolicy(group, policy, "AlarmLow", wanted, now);
                    group.ScaleInReadyAt = now + _simulated(TimeSpan.FromSeconds(group.DefaultCooldown));
                    changed = true;
                }
            }
            else
            {
                changed |= policy.HighSince is not null || policy.LowSince is not null;
                (policy.HighSince, policy.LowSince) = (null, null);
            }
        }
        return changed;
    }

    private void SetByPolicy(AsgGroup group, AsgPolicy policy, string alarm, int wanted, DateTimeOffset now)
    {
        group.LastCause = $"At {Stamp(now)} a monitor alarm TargetTracking-{group.Name}-{alarm}-{policy.AlarmId} in state ALARM triggered policy {policy.Name} changing the desired capacity from {group.DesiredCapacity} to {wanted}.";
        group.DesiredCapacity = wanted;
    }

    private static double? TagNumber(AsgGroup group, string key) =>
        group.Tags.FirstOrDefault(t => t.Key == key) is { } tag
        && double.TryParse(tag.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    // ---- instance refresh ----

    private bool Refresh(AsgGroup group, DateTimeOffset now)
    {
        if (group.Refreshes.FirstOrDefault(r => r.IsActive) is not { } refresh)
            return false;
        var target = TryResolve(refresh.DesiredLaunchTemplate ?? group.LaunchTemplate);
        if (target is null)
        {
            Finish(refresh, "Failed", "The launch template of the desired configuration does not exist.", now);
            return true;
        }
        bool Outdated(AsgInstance i) => i.LaunchTemplateId != target.Value.TemplateId || i.LaunchTemplateVersion != target.Value.Version;
        var active = group.Active.ToList();
        var changed = false;
        if (refresh.Status == "Pending")
        {
            refresh.Status = "InProgress";
            refresh.InstancesToUpdate = refresh.SkipMatching ? active.Count(Outdated) : active.Count;
            changed = true;
        }
        var warmup = _simulated(TimeSpan.FromSeconds(refresh.InstanceWarmup ?? group.DefaultInstanceWarmup ?? group.HealthCheckGracePeriod));
        // Instances from before the refresh count as warmed up; new ones after the warm-up, and (health check type ELB)
        // after passing the target groups' health checks.
        bool Ready(AsgInstance i) => i is { LifecycleState: "InService", HealthStatus: "Healthy" }
            && (i.LaunchedAt < refresh.StartTime || (now >= i.InServiceAt + warmup
                && (group.HealthCheckType != "ELB" || group.TargetGroupArns.All(arn => TargetState(arn, i.InstanceId) == "healthy"))));
        // Without SkipMatching every instance is replaced once: those launched before the refresh started count as outdated.
        bool ToReplace(AsgInstance i) => Outdated(i) || (!refresh.SkipMatching && i.LaunchedAt < refresh.StartTime);
        var remaining = active.Where(ToReplace).ToList();
        var ready = active.Where(Ready).ToList();
        var replacedReady = ready.Count(i => !ToReplace(i));
        var percentage = refresh.InstancesToUpdate == 0 ? 100 : Math.Min(100, replacedReady * 100 / refresh.InstancesToUpdate);
        if (percentage != refresh.PercentageComplete)
        {
            refresh.PercentageComplete = percentage;
            changed = true;
        }
        if (remaining.Count == 0 && ready.Count >= group.DesiredCapacity)
        {
            if (refresh.DesiredLaunchTemplate is { } desired)
                group.LaunchTemplate = desired;
            refresh.PercentageComplete = 100;
            Finish(refresh, "Successful", null, now);
            return true;
        }
        if (remaining.Count == 0)
            return changed;
        var minHealthy = (int)Math.Ceiling(group.DesiredCapacity * refresh.MinHealthyPercentage / 100.0);
        var inFlight = Math.Max(0, group.DesiredCapacity - ready.Count);
        var allowed = ready.Count - minHealthy;
        if (allowed <= 0 && inFlight == 0)
            allowed = 1; // 100 % keeps one instance at a time in replacement, as AWS does.
        // Outdated instances still launching go first (they count for nothing), then ready ones as far as the minimum allows.
        var victims = remaining.Where(i => i.LifecycleState == "Pending").Concat(remaining.Where(Ready).Take(Math.Max(0, allowed))).ToList();
        foreach (var victim in victims)
            Terminate(group, victim, $"At {Stamp(now)} an instance was taken out of service in response to an instance refresh.  At {Stamp(now)} instance {victim.InstanceId} was selected for termination.", now);
        return changed || victims.Count > 0;
    }

    private static void Finish(AsgRefresh refresh, string status, string? reason, DateTimeOffset now)
    {
        refresh.Status = status;
        refresh.StatusReason = reason;
        refresh.EndTime = now;
    }

    /// <summary>What new instances launch from: an active refresh's desired configuration, else the group's template.</summary>
    private static AsgLaunchTemplate LaunchSpec(AsgGroup group) =>
        group.Refreshes.FirstOrDefault(r => r.IsActive)?.DesiredLaunchTemplate ?? group.LaunchTemplate;

    private (string TemplateId, long Version)? TryResolve(AsgLaunchTemplate spec)
    {
        try
        {
            var (template, version) = RequireEc2.LaunchTemplates.Resolve(spec.LaunchTemplateId, spec.LaunchTemplateName, spec.Version);
            return (template.Id, version.VersionNumber);
        }
        catch (AwsErrorException)
        {
            return null;
        }
    }

    // ---- load balancing ----

    private void Register(string arn, string instanceId)
    {
        try
        {
            Elbv2?.RegisterTargets(arn, [new TargetRef(instanceId, null)]);
        }
        catch (AwsErrorException)
        {
            // The target group went away; AWS leaves it listed on the group too.
        }
    }

    private void Deregister(string arn, string instanceId)
    {
        try
        {
            Elbv2?.DeregisterTargets(arn, [new TargetRef(instanceId, null)]);
        }
        catch (AwsErrorException)
        {
            // Not registered (still pending) or the group is gone.
        }
    }

    private string? TargetState(string arn, string instanceId)
    {
        try
        {
            return Elbv2?.DescribeTargetHealth(arn, [new TargetRef(instanceId, null)]) is [var health, ..] ? health.State : null;
        }
        catch (AwsErrorException)
        {
            return null;
        }
    }

    // ---- activities ----

    private AsgActivity Record(AsgGroup group, string description, string cause, DateTimeOffset now, string details = "{}")
    {
        var activity = new AsgActivity
        {
            ActivityId = Guid.NewGuid().ToString(),
            GroupName = group.Name,
            GroupArn = group.Arn,
            Description = description,
            Cause = cause,
            StartTime = now,
            Details = details,
        };
        _activities.Add(activity);
        if (_activities.Count > 5000)
            _activities.RemoveAt(0);
        return activity;
    }

    private void Complete(string? activityId, DateTimeOffset now, bool stillInProgress = false)
    {
        if (_activities.FirstOrDefault(a => a.ActivityId == activityId) is not { StatusCode: "InProgress" } activity)
            return;
        activity.StatusCode = stillInProgress ? "Cancelled" : "Successful";
        activity.Progress = 100;
        activity.EndTime = now;
    }
}
