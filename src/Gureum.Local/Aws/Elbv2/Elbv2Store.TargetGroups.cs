using static Gureum.Local.Aws.Elbv2.Elbv2Errors;

namespace Gureum.Local.Aws.Elbv2;

/// <summary>Target groups, their targets and target health.</summary>
internal sealed partial class Elbv2Store
{
    public TargetGroupState CreateTargetGroup(NewTargetGroup request)
    {
        if (Elbv2Naming.TargetGroupNameProblem(request.Name) is { } problem)
            throw Validation(problem);
        if (request.TargetType is "instance" or "ip")
        {
            if (request.Protocol is null)
                throw Validation($"A protocol must be specified for target groups with target type '{request.TargetType}'");
            if (request.Port is null)
                throw Validation($"A port must be specified for target groups with target type '{request.TargetType}'");
            if (request.VpcId is null)
                throw Validation($"A VPC ID must be specified for target groups with target type '{request.TargetType}'");
        }
        if (request.VpcId is { } vpc && !Network.VpcExists(vpc))
            throw Validation($"The VPC ID '{vpc}' is not found");
        var health = Elbv2Defaults.HealthCheck(request.Protocol, request.TargetType);
        Apply(health, request.HealthCheck);
        CheckTags(request.Tags, []);
        lock (_gate)
        {
            if (_targetGroups.FirstOrDefault(g => string.Equals(g.Name, request.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                var same = existing.Protocol == request.Protocol && existing.Port == request.Port
                    && existing.VpcId == request.VpcId && existing.TargetType == request.TargetType && existing.HealthCheck == health;
                return same ? Copy(existing)
                    : throw Error("DuplicateTargetGroupName", $"A target group with the same name '{request.Name}' exists, but with different settings");
            }
            var group = new TargetGroupState
            {
                Arn = Elbv2Naming.TargetGroupArn(_region, _account, request.Name, Elbv2Naming.NewId()),
                Name = request.Name,
                Protocol = request.Protocol,
                Port = request.Port,
                VpcId = request.VpcId,
                TargetType = request.TargetType,
                HealthCheck = health,
                Attributes = Elbv2Defaults.TargetGroupAttributes(request.Protocol),
                Tags = [.. request.Tags],
            };
            _targetGroups.Add(group);
            Save();
            return Copy(group);
        }
    }

    /// <summary>By load balancer (the groups its listeners use), names or ARNs (all must exist), or all.</summary>
    public IReadOnlyList<TargetGroupState> DescribeTargetGroups(string? loadBalancerArn, IReadOnlyList<string> names, IReadOnlyList<string> arns)
    {
        lock (_gate)
        {
            if (loadBalancerArn is not null)
            {
                LoadBalancer(loadBalancerArn);
                var used = LoadBalancerArnsByGroup();
                return _targetGroups.Where(g => used.GetValueOrDefault(g.Arn)?.Contains(loadBalancerArn) == true).Select(Copy).ToList();
            }
            if (names.Count > 0)
                return names.Select(n => _targetGroups.FirstOrDefault(g => g.Name == n) ?? throw TargetGroupNotFound(n)).Select(Copy).ToList();
            if (arns.Count > 0)
                return arns.Select(TargetGroup).Select(Copy).ToList();
            return _targetGroups.Select(Copy).ToList();
        }
    }

    /// <summary>The load balancers whose listeners forward to each target group.</summary>
    public Dictionary<string, List<string>> LoadBalancerArnsByGroup()
    {
        lock (_gate)
            return _listeners
                .SelectMany(l => l.DefaultActions.Select(a => (Group: a.TargetGroupArn, l.LoadBalancerArn)))
                .Where(x => x.Group is not null)
                .GroupBy(x => x.Group!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(x => x.LoadBalancerArn).Distinct().ToList(), StringComparer.Ordinal);
    }

    public TargetGroupState ModifyTargetGroup(string arn, HealthCheckChange change)
    {
        lock (_gate)
        {
            var group = TargetGroup(arn);
            var health = group.HealthCheck with { };
            Apply(health, change);
            group.HealthCheck.Protocol = health.Protocol;
            group.HealthCheck.Port = health.Port;
            group.HealthCheck.Path = health.Path;
            group.HealthCheck.Enabled = health.Enabled;
            group.HealthCheck.IntervalSeconds = health.IntervalSeconds;
            group.HealthCheck.TimeoutSeconds = health.TimeoutSeconds;
            group.HealthCheck.HealthyThreshold = health.HealthyThreshold;
            group.HealthCheck.UnhealthyThreshold = health.UnhealthyThreshold;
            group.HealthCheck.HttpCode = health.HttpCode;
            Save();
            return Copy(group);
        }
    }

    /// <summary>ResourceInUse while a listener forwards to it; one that does not exist is already deleted.</summary>
    public void DeleteTargetGroup(string arn)
    {
        lock (_gate)
        {
            if (_targetGroups.FirstOrDefault(g => g.Arn == arn) is not { } group)
                return;
            if (_listeners.Any(l => l.DefaultActions.Any(a => a.TargetGroupArn == arn)))
                throw Error("ResourceInUse", $"Target group '{arn}' is currently in use by a listener or a rule");
            _targetGroups.Remove(group);
            Save();
        }
    }

    public Dictionary<string, string> TargetGroupAttributes(string arn)
    {
        lock (_gate)
            return new(TargetGroup(arn).Attributes, StringComparer.Ordinal);
    }

    public Dictionary<string, string> ModifyTargetGroupAttributes(string arn, IReadOnlyList<KeyValuePair<string, string>> changes)
    {
        lock (_gate)
        {
            var group = TargetGroup(arn);
            foreach (var (key, value) in changes)
            {
                if (!group.Attributes.ContainsKey(key))
                    throw Validation($"Target group attribute key '{key}' is not recognized");
                if (Elbv2Defaults.AttributeProblem(key, value) is { } problem)
                    throw Validation(problem);
            }
            foreach (var (key, value) in changes)
                group.Attributes[key] = value;
            Save();
            return new(group.Attributes, StringComparer.Ordinal);
        }
    }

    public void RegisterTargets(string arn, IReadOnlyList<TargetRef> targets)
    {
        lock (_gate)
        {
            var group = TargetGroup(arn);
            foreach (var target in targets)
            {
                var valid = group.TargetType switch
                {
                    "instance" => Network.InstanceExists(target.Id),
                    "ip" => IsIp(target.Id),
                    _ => true,
                };
                if (!valid)
                    throw Error("InvalidTarget", $"The following targets are not valid: '{target.Id}'");
            }
            var now = Now;
            foreach (var target in targets)
            {
                var port = target.Port ?? group.Port;
                var existing = group.Targets.FirstOrDefault(t => t.Id == target.Id && t.Port == port);
                if (existing is null)
                    group.Targets.Add(new TargetState { Id = target.Id, Port = port, RegisteredAt = now });
                else if (existing.DeregisteredAt is not null)
                {
                    // Registered again while draining: health checks start over.
                    existing.DeregisteredAt = null;
                    existing.RegisteredAt = now;
                }
            }
            Save();
        }
    }

    public void DeregisterTargets(string arn, IReadOnlyList<TargetRef> targets)
    {
        lock (_gate)
        {
            var group = TargetGroup(arn);
            Prune(group);
            var found = targets.Select(t => (Ref: t, State: group.Targets.FirstOrDefault(s => s.Id == t.Id && s.Port == (t.Port ?? group.Port)))).ToList();
            if (found.FirstOrDefault(f => f.State is null) is { Ref: { } missing, State: null })
                throw Error("InvalidTarget", $"The following targets are not registered in target group '{arn}': '{missing.Id}'");
            var delay = int.Parse(group.Attributes[Elbv2Defaults.DeregistrationDelay], System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (_, state) in found)
            {
                if (state!.DeregisteredAt is not null)
                    continue;
                // A group no listener uses sends no traffic: nothing to drain.
                if (group.InUseSince is null || delay == 0)
                    group.Targets.Remove(state);
                else
                {
                    state.DeregisteredAt = Now;
                    state.DrainSeconds = delay;
                }
            }
            Save();
        }
    }

    /// <summary>The health of the given targets, or of every registered one.</summary>
    public IReadOnlyList<TargetHealthState> DescribeTargetHealth(string arn, IReadOnlyList<TargetRef> targets)
    {
        lock (_gate)
        {
            var group = TargetGroup(arn);
            if (Prune(group))
                Save();
            var now = Now;
            TargetHealthState Health(TargetState t) => Elbv2TargetHealth.Of(group, t, now, _simulated, Network.IsInstanceUnhealthy);
            if (targets.Count == 0)
                return group.Targets.Select(Health).ToList();
            return targets.Select(r =>
                group.Targets.FirstOrDefault(t => t.Id == r.Id && (r.Port is null || t.Port == r.Port)) is { } t
                    ? Health(t)
                    : Elbv2TargetHealth.NotRegistered(r.Id, r.Port ?? group.Port)).ToList();
        }
    }

    /// <summary>Forgets targets that have finished draining; true when any went.</summary>
    private bool Prune(TargetGroupState group) =>
        group.Targets.RemoveAll(t => Elbv2TargetHealth.Drained(t, Now, _simulated)) > 0;

    private static void Apply(HealthCheckState health, HealthCheckChange change)
    {
        health.Protocol = change.Protocol ?? health.Protocol;
        health.Port = change.Port ?? health.Port;
        health.Path = change.Path ?? health.Path;
        health.Enabled = change.Enabled ?? health.Enabled;
        health.IntervalSeconds = change.IntervalSeconds ?? health.IntervalSeconds;
        health.TimeoutSeconds = change.TimeoutSeconds ?? health.TimeoutSeconds;
        health.HealthyThreshold = change.HealthyThreshold ?? health.HealthyThreshold;
        health.UnhealthyThreshold = change.UnhealthyThreshold ?? health.UnhealthyThreshold;
        health.HttpCode = change.HttpCode ?? health.HttpCode;
        if (health.Protocol is "HTTP" or "HTTPS")
        {
            health.Path ??= "/";
            health.HttpCode ??= "200";
        }
        if (health.TimeoutSeconds >= health.IntervalSeconds)
            throw Validation($"Health check timeout '{health.TimeoutSeconds}' must be smaller than the interval '{health.IntervalSeconds}'");
        if (health.Port != "traffic-port" && !(int.TryParse(health.Port, out var port) && port is >= 1 and <= 65535))
            throw Validation($"Health check port '{health.Port}' must be 'traffic-port' or a port number from 1 to 65535");
    }

    private TargetGroupState TargetGroup(string arn) =>
        _targetGroups.FirstOrDefault(g => g.Arn == arn) ?? throw TargetGroupNotFound(arn);

    private static TargetGroupState Copy(TargetGroupState group) => group with
    {
        HealthCheck = group.HealthCheck with { },
        Attributes = new(group.Attributes, StringComparer.Ordinal),
        Tags = [.. group.Tags],
        Targets = group.Targets.Select(t => t with { }).ToList(),
    };
}
