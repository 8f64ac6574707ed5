using System.Globalization;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>Pure: how the load balancer, its target group and its listeners differ from the spec.</summary>
internal static class LoadBalancerComparer
{
    public const string TargetGroupPath = "spec.targetGroup";

    /// <summary>Differences ELBv2 cannot apply in place: the resource would have to be replaced.</summary>
    public static IReadOnlyList<DriftEntry> Immutable(LoadBalancerState state)
    {
        var desired = state.Desired;
        var entries = new List<DriftEntry>();
        if (state.LoadBalancer is { } lb)
        {
            entries.AddRange(Drift.Scalar("spec.type", desired.Type, lb.Type));
            entries.AddRange(Drift.Scalar("spec.scheme", desired.Scheme, lb.Scheme));
        }
        if (state.TargetGroup is { } group)
        {
            entries.AddRange(Drift.Scalar("spec.targetGroup.protocol", desired.TargetGroupProtocol, group.Protocol));
            entries.AddRange(Drift.Scalar("spec.targetGroup.port", (int?)desired.TargetGroupPort, group.Port));
            entries.AddRange(Drift.Scalar("spec.targetGroup.targetType", desired.TargetType, group.TargetType));
            if (state.LoadBalancer?.VpcId is { } vpc && group.VpcId is { } groupVpc && vpc != groupVpc)
                entries.Add(Drift.Entry("spec.subnetIds", "subnets in VPC " + groupVpc, "subnets in VPC " + vpc));
        }
        return entries;
    }

    /// <summary>A target group that can be the spec's: protocol, port and target type equal, in the load balancer's VPC.</summary>
    public static bool TargetGroupFits(DesiredLoadBalancer desired, Elbv2TargetGroup group, string? vpcId) =>
        group.Protocol == desired.TargetGroupProtocol && group.Port == desired.TargetGroupPort && group.TargetType == desired.TargetType
        && (vpcId is null || group.VpcId is null || group.VpcId == vpcId);

    /// <summary>Immutable differences a new target group settles (no load balancer field among them).</summary>
    public static bool OnlyTargetGroup(IReadOnlyList<DriftEntry> immutable) =>
        immutable.All(entry => entry.Path.StartsWith("spec.targetGroup.", StringComparison.Ordinal) || entry.Path == "spec.subnetIds");

    /// <summary>An immutable difference only a new load balancer settles.</summary>
    public static bool IsLoadBalancerField(DriftEntry entry) => entry.Path is "spec.type" or "spec.scheme";

    /// <summary>A load balancer that can be the spec's: type and scheme equal.</summary>
    public static bool LoadBalancerFits(DesiredLoadBalancer desired, Elbv2LoadBalancer lb) =>
        lb.Type == desired.Type && lb.Scheme == desired.Scheme;

    public static IReadOnlyList<DriftEntry> Compare(LoadBalancerState state)
    {
        var desired = state.Desired;
        var replaced = state.ReplacedLoadBalancers.Select(old => Drift.Entry("spec.type", $"load balancer {desired.Name}",
            $"also load balancer {old.LoadBalancer.Name} ({old.LoadBalancer.Type}, {old.LoadBalancer.Scheme}), being replaced")).ToList();
        if (state.LoadBalancer is not { } lb)
            return [Drift.Missing(), .. replaced];
        var entries = new List<DriftEntry>(replaced);
        entries.AddRange(Drift.Set("spec.subnetIds", desired.Subnets, lb.AvailabilityZones.Select(zone => zone.SubnetId)));
        if (desired.Type == Elbv2Values.Application)
            entries.AddRange(Drift.Set("spec.securityGroupIds", desired.SecurityGroups, lb.SecurityGroups));
        // A light read did not read the attributes: nothing to compare them with.
        if (desired.IdleTimeoutSeconds is { } idle && !state.Light)
            entries.AddRange(Drift.Scalar("spec.idleTimeoutSeconds", idle.ToString(CultureInfo.InvariantCulture),
                state.LoadBalancerAttributes.GetValueOrDefault(Elbv2Values.IdleTimeoutSeconds)));
        if (!state.Light)
            entries.AddRange(Drift.Scalar("spec.deletionProtection", desired.DeletionProtection ? "true" : "false",
                state.LoadBalancerAttributes.GetValueOrDefault(Elbv2Values.DeletionProtection) ?? "false"));
        entries.AddRange(Drift.Tags("spec.tags", desired.Tags, state.LoadBalancerTags));

        foreach (var old in state.ReplacedTargetGroups)
            entries.Add(Drift.Entry(TargetGroupPath, $"target group {desired.TargetGroupName}",
                $"also target group {old.Name} ({old.Protocol}:{old.Port}, {old.TargetType}), being replaced"));
        if (state.TargetGroup is not { } group)
        {
            entries.Add(Drift.Missing(TargetGroupPath));
            return entries;
        }
        entries.AddRange(HealthCheck(desired.HealthCheck, group.HealthCheck));
        if (!state.Light)
            entries.AddRange(Drift.Scalar("spec.targetGroup.deregistrationDelaySeconds",
                desired.DeregistrationDelaySeconds.ToString(CultureInfo.InvariantCulture),
                state.TargetGroupAttributes.GetValueOrDefault(Elbv2Values.DeregistrationDelaySeconds)));
        entries.AddRange(Drift.Tags("spec.targetGroup.tags", desired.Tags, state.TargetGroupTags));
        entries.AddRange(Listeners(desired, group.Arn, state.Listeners));
        return entries;
    }

    /// <summary>Only what the spec states: a member left out is AWS's default, whatever it is.</summary>
    private static IEnumerable<DriftEntry> HealthCheck(Elbv2HealthCheck want, Elbv2HealthCheck have)
    {
        const string path = "spec.targetGroup.healthCheck.";
        if (want.Protocol is { } protocol)
            foreach (var entry in Drift.Scalar(path + "protocol", protocol, have.Protocol)) yield return entry;
        if (want.Port is { } port)
            foreach (var entry in Drift.Scalar(path + "port", port, have.Port)) yield return entry;
        if (want.Path is { } p)
            foreach (var entry in Drift.Scalar(path + "path", p, have.Path)) yield return entry;
        if (want.IntervalSeconds is { } interval)
            foreach (var entry in Drift.Scalar(path + "intervalSeconds", interval, have.IntervalSeconds ?? 0)) yield return entry;
        if (want.TimeoutSeconds is { } timeout)
            foreach (var entry in Drift.Scalar(path + "timeoutSeconds", timeout, have.TimeoutSeconds ?? 0)) yield return entry;
        if (want.HealthyThresholdCount is { } healthy)
            foreach (var entry in Drift.Scalar(path + "healthyThreshold", healthy, have.HealthyThresholdCount ?? 0)) yield return entry;
        if (want.UnhealthyThresholdCount is { } unhealthy)
            foreach (var entry in Drift.Scalar(path + "unhealthyThreshold", unhealthy, have.UnhealthyThresholdCount ?? 0)) yield return entry;
        if (want.HttpCode is { } code)
            foreach (var entry in Drift.Scalar(path + "matcher", code, have.HttpCode)) yield return entry;
    }

    private static IEnumerable<DriftEntry> Listeners(DesiredLoadBalancer desired, string targetGroupArn, IReadOnlyList<Elbv2Listener> actual)
    {
        for (var i = 0; i < desired.Listeners.Count; i++)
        {
            var want = desired.Listeners[i];
            var path = $"spec.listeners[{i}]";
            var have = actual.FirstOrDefault(listener => listener.Port == want.Port);
            if (have is null)
            {
                yield return Drift.Entry(path, $"{want.Protocol}:{want.Port}", "absent");
                continue;
            }
            if (have.Protocol != want.Protocol)
                yield return Drift.Entry(path + ".protocol", want.Protocol, have.Protocol);
            if (want.CertificateArn is { } certificate && !have.CertificateArns.Contains(certificate, StringComparer.Ordinal))
                yield return Drift.Entry(path + ".certificateArn", certificate, string.Join(", ", have.CertificateArns));
            var action = Describe(desired.ActionsFor(want, targetGroupArn));
            var found = Describe(have.DefaultActions);
            if (action != found)
                yield return Drift.Entry(path + (want.RedirectToHttps ? ".redirectToHttps" : ".action"), action, found);
        }
        foreach (var extra in actual.Where(listener => desired.Listeners.All(want => want.Port != listener.Port)))
            yield return Drift.Entry($"spec.listeners[port {extra.Port}]", "absent", $"{extra.Protocol}:{extra.Port}");
    }

    /// <summary>One line per set of actions: equal lines, equal actions.</summary>
    public static string Describe(IEnumerable<Elbv2Action> actions) => string.Join(", ", actions.Select(action => action.Type switch
    {
        "forward" => "forward to " + action.TargetGroupArn,
        "redirect" => $"redirect to {action.Redirect?.Protocol}:{action.Redirect?.Port} ({action.Redirect?.StatusCode})",
        _ => action.Type,
    }));
}
