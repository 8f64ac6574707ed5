using static Gureum.Local.Aws.Elbv2.Elbv2Errors;

namespace Gureum.Local.Aws.Elbv2;

/// <summary>Listeners and their default actions.</summary>
internal sealed partial class Elbv2Store
{
    /// <summary>What a new HTTPS/TLS listener gets when the request names no policy (AWS's current default).</summary>
    public const string DefaultSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private static readonly string[] ApplicationProtocols = ["HTTP", "HTTPS"];
    private static readonly string[] NetworkProtocols = ["TCP", "TLS", "UDP", "TCP_UDP"];

    public ListenerState CreateListener(NewListener request)
    {
        CheckTags(request.Tags, []);
        lock (_gate)
        {
            var lb = LoadBalancer(request.LoadBalancerArn);
            var protocol = request.Protocol ?? throw Validation("A listener protocol must be specified");
            var port = request.Port ?? throw Validation("A listener port must be specified");
            CheckListener(lb, protocol, request.Certificates, request.DefaultActions);
            var sslPolicy = protocol is "HTTPS" or "TLS" ? request.SslPolicy ?? DefaultSslPolicy : null;
            var certificates = protocol is "HTTPS" or "TLS" ? request.Certificates.ToList() : [];
            if (_listeners.FirstOrDefault(l => l.LoadBalancerArn == lb.Arn && l.Port == port) is { } existing)
            {
                var same = existing.Protocol == protocol && existing.SslPolicy == sslPolicy
                    && existing.Certificates.SequenceEqual(certificates) && existing.DefaultActions.SequenceEqual(request.DefaultActions);
                return same ? Copy(existing)
                    : throw Error("DuplicateListener", $"A listener already exists on port {port} for load balancer '{lb.Arn}'");
            }
            if (_listeners.Count(l => l.LoadBalancerArn == lb.Arn) >= MaxListenersPerLoadBalancer)
                throw Error("TooManyListeners", $"You've reached the limit on the number of listeners per load balancer ({MaxListenersPerLoadBalancer})");
            var listener = new ListenerState
            {
                Arn = Elbv2Naming.ListenerArn(lb.Arn, Elbv2Naming.NewId()),
                LoadBalancerArn = lb.Arn,
                Protocol = protocol,
                Port = port,
                SslPolicy = sslPolicy,
                Certificates = certificates,
                DefaultActions = [.. request.DefaultActions],
                Tags = [.. request.Tags],
            };
            _listeners.Add(listener);
            RefreshUse();
            Save();
            return Copy(listener);
        }
    }

    /// <summary>A load balancer's listeners, or the listeners by ARN (all must exist).</summary>
    public IReadOnlyList<ListenerState> DescribeListeners(string? loadBalancerArn, IReadOnlyList<string> arns)
    {
        lock (_gate)
        {
            if (loadBalancerArn is not null)
            {
                LoadBalancer(loadBalancerArn);
                return _listeners.Where(l => l.LoadBalancerArn == loadBalancerArn).Select(Copy).ToList();
            }
            if (arns.Count > 0)
                return arns.Select(Listener).Select(Copy).ToList();
            throw Validation("You must specify either listener ARNs or a load balancer ARN");
        }
    }

    public ListenerState ModifyListener(ListenerChange change)
    {
        lock (_gate)
        {
            var listener = Listener(change.ListenerArn);
            var lb = LoadBalancer(listener.LoadBalancerArn);
            var protocol = change.Protocol ?? listener.Protocol;
            var port = change.Port ?? listener.Port;
            var secure = protocol is "HTTPS" or "TLS";
            var certificates = secure ? (change.Certificates ?? listener.Certificates).ToList() : [];
            var actions = change.DefaultActions ?? listener.DefaultActions;
            CheckListener(lb, protocol, certificates, actions);
            if (_listeners.Any(l => l != listener && l.LoadBalancerArn == lb.Arn && l.Port == port))
                throw Error("DuplicateListener", $"A listener already exists on port {port} for load balancer '{lb.Arn}'");
            listener.Protocol = protocol;
            listener.Port = port;
            listener.Certificates = certificates;
            listener.SslPolicy = secure ? change.SslPolicy ?? listener.SslPolicy ?? DefaultSslPolicy : null;
            listener.DefaultActions = [.. actions];
            RefreshUse();
            Save();
            return Copy(listener);
        }
    }

    public void DeleteListener(string arn)
    {
        lock (_gate)
        {
            _listeners.Remove(Listener(arn));
            RefreshUse();
            Save();
        }
    }

    /// <summary>ELBv2's listener rules: protocols by load balancer type, a certificate for HTTPS/TLS, and
    /// default actions that forward to an existing, compatible target group or redirect (application only).</summary>
    private void CheckListener(LoadBalancerState lb, string protocol, IReadOnlyList<string> certificates, IReadOnlyList<ActionState> actions)
    {
        var allowed = lb.Type == "network" ? NetworkProtocols : ApplicationProtocols;
        if (!allowed.Contains(protocol))
            throw Validation($"Listener protocol '{protocol}' must be one of '{string.Join(", ", allowed)}'");
        if (protocol is "HTTPS" or "TLS")
        {
            if (certificates.Count == 0)
                throw Validation($"A certificate must be specified for {protocol} listeners");
            if (certificates.FirstOrDefault(c => !CertificateArn().IsMatch(c)) is { } unknown)
                throw Error("CertificateNotFound", $"Certificate '{unknown}' not found");
        }
        if (actions.Count == 0)
            throw Validation("At least one default action must be specified");
        foreach (var action in actions)
        {
            switch (action.Type)
            {
                case "forward":
                    var arn = action.TargetGroupArn ?? throw Validation("A target group ARN must be specified for a forward action");
                    var group = _targetGroups.FirstOrDefault(g => g.Arn == arn) ?? throw TargetGroupNotFound(arn);
                    var groupAllowed = lb.Type == "network" ? NetworkProtocols : ApplicationProtocols;
                    if (group.Protocol is { } p && !groupAllowed.Contains(p))
                        throw Error("IncompatibleProtocols", $"The target group's protocol '{p}' is incompatible with a listener of protocol '{protocol}'");
                    var others = _listeners.Where(l => l.LoadBalancerArn != lb.Arn && l.DefaultActions.Any(a => a.TargetGroupArn == arn))
                        .Select(l => l.LoadBalancerArn).FirstOrDefault();
                    if (others is not null)
                        throw Error("TargetGroupAssociationLimit", $"The following target groups cannot be associated with more than one load balancer: {arn}");
                    break;
                case "redirect":
                    if (lb.Type != "application")
                        throw Validation("Redirect actions are only supported by application load balancers");
                    if (action.Redirect is not { StatusCode: "HTTP_301" or "HTTP_302" })
                        throw Validation("A redirect action must have a status code of 'HTTP_301' or 'HTTP_302'");
                    break;
                default:
                    throw Validation($"Action type '{action.Type}' is not supported by this emulator");
            }
        }
    }

    private ListenerState Listener(string arn) =>
        _listeners.FirstOrDefault(l => l.Arn == arn) ?? throw ListenerNotFound(arn);

    private static ListenerState Copy(ListenerState listener) => listener with
    {
        Certificates = [.. listener.Certificates],
        DefaultActions = [.. listener.DefaultActions],
        Tags = [.. listener.Tags],
    };
}
