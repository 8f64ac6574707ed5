namespace Gureum.Local.Aws.Elbv2;

internal sealed record TargetHealthState(string Id, int? Port, string State, string? Reason, string? Description);

/// <summary>Target health as a pure function of time, so nothing runs in the background and fake time
/// drives it: a target is <c>initial</c> until healthy-threshold × interval of checks have passed since it
/// was registered (or since a listener first used its group), then <c>healthy</c>; a target the network
/// hook calls unhealthy turns <c>unhealthy</c> after unhealthy-threshold × interval instead. Draining and
/// unused come first, as AWS reports them. Intervals are divided by the clock speed-up.</summary>
internal static class Elbv2TargetHealth
{
    public static TargetHealthState Of(TargetGroupState group, TargetState target, DateTimeOffset now,
        Func<TimeSpan, TimeSpan> simulated, Func<string, bool> isUnhealthy)
    {
        if (target.DeregisteredAt is not null)
            return new(target.Id, target.Port, "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
        if (group.InUseSince is not { } inUse)
            return new(target.Id, target.Port, "unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer");
        if (!group.HealthCheck.Enabled)
            return new(target.Id, target.Port, "unavailable", "Target.HealthCheckDisabled", "Health checks are disabled");

        var failing = group.TargetType == "instance" && isUnhealthy(target.Id);
        var checks = failing ? group.HealthCheck.UnhealthyThreshold : group.HealthCheck.HealthyThreshold;
        var since = target.RegisteredAt > inUse ? target.RegisteredAt : inUse;
        if (now < since + simulated(TimeSpan.FromSeconds(checks * group.HealthCheck.IntervalSeconds)))
            return new(target.Id, target.Port, "initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
        return failing
            ? new(target.Id, target.Port, "unhealthy", "Target.FailedHealthChecks", "Health checks failed")
            : new(target.Id, target.Port, "healthy", null, null);
    }

    /// <summary>A target asked for by id that is not registered.</summary>
    public static TargetHealthState NotRegistered(string id, int? port) =>
        new(id, port, "unused", "Target.NotRegistered", "Target is not registered to the target group");

    /// <summary>Whether a deregistered target has finished draining and is to be forgotten.</summary>
    public static bool Drained(TargetState target, DateTimeOffset now, Func<TimeSpan, TimeSpan> simulated) =>
        target.DeregisteredAt is { } at && now >= at + simulated(TimeSpan.FromSeconds(target.DrainSeconds));
}
