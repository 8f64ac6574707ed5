using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Validation;

public static class LoadBalancerValidator
{
    public static IReadOnlyList<FieldError> Validate(LoadBalancerSpec spec)
    {
        var errors = new FieldErrors();
        var application = spec.Type == LoadBalancerType.Application;
        errors.Require(spec.SubnetIds.Count > 0, "spec.subnetIds", "at least one subnet is required");
        errors.Require(spec.Listeners.Count > 0, "spec.listeners", "at least one listener is required");
        for (var i = 0; i < spec.Listeners.Count; i++)
        {
            var listener = spec.Listeners[i];
            var path = $"spec.listeners[{i}]";
            errors.Require(listener.Port is >= 1 and <= 65535, path + ".port", "must be between 1 and 65535");
            if (spec.Listeners.Take(i).Any(l => l.Port == listener.Port))
                errors.Add(path + ".port", $"port {listener.Port} is used by another listener");
            if (!FitsType(listener.Protocol, application))
                errors.Add(path + ".protocol", $"{listener.Protocol} is not available on a {Wire(spec.Type)} load balancer");
            var secure = listener.Protocol is LoadBalancerProtocol.HTTPS or LoadBalancerProtocol.TLS;
            if (secure && string.IsNullOrWhiteSpace(listener.CertificateArn))
                errors.Add(path + ".certificateArn", $"a {listener.Protocol} listener needs a certificateArn");
            if (!secure && listener.CertificateArn is not null)
                errors.Add(path + ".certificateArn", $"a {listener.Protocol} listener takes no certificate");
            if (listener.RedirectToHttps && listener.Protocol != LoadBalancerProtocol.HTTP)
                errors.Add(path + ".redirectToHttps", "only an HTTP listener can redirect to HTTPS");
        }
        var group = spec.TargetGroup;
        errors.Require(group.Port is >= 1 and <= 65535, "spec.targetGroup.port", "must be between 1 and 65535");
        if (!FitsType(group.Protocol, application))
            errors.Add("spec.targetGroup.protocol", $"{group.Protocol} is not available on a {Wire(spec.Type)} load balancer");
        if (group.HealthCheck is { } check)
        {
            if (check is { IntervalSeconds: { } interval, TimeoutSeconds: { } timeout } && timeout >= interval)
                errors.Add("spec.targetGroup.healthCheck.timeoutSeconds", "must be less than intervalSeconds");
            var httpCheck = (check.Protocol ?? group.Protocol) is LoadBalancerProtocol.HTTP or LoadBalancerProtocol.HTTPS;
            if (!httpCheck && check.Path is not null)
                errors.Add("spec.targetGroup.healthCheck.path", "only HTTP and HTTPS health checks have a path");
            if (!httpCheck && check.Matcher is not null)
                errors.Add("spec.targetGroup.healthCheck.matcher", "only HTTP and HTTPS health checks have a matcher");
            if (check.Protocol is LoadBalancerProtocol.TLS)
                errors.Add("spec.targetGroup.healthCheck.protocol", "health checks use HTTP, HTTPS or TCP");
        }
        if (!application && spec.IdleTimeoutSeconds is not null)
            errors.Add("spec.idleTimeoutSeconds", "only application load balancers have an idle timeout");
        return errors.ToList();
    }

    private static bool FitsType(LoadBalancerProtocol protocol, bool application) =>
        application == protocol is LoadBalancerProtocol.HTTP or LoadBalancerProtocol.HTTPS;

    private static string Wire(LoadBalancerType type) => type == LoadBalancerType.Application ? "application" : "network";
}
