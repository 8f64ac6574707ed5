using System.Globalization;
using Gureum.Aws;
using Gureum.Local.Aws.Query;

namespace Gureum.Local.Aws.Elbv2;

/// <summary>ELBv2 over the Query protocol (2015-12-01): load balancers, target groups with simulated target
/// health, listeners and tags, with ELBv2's errors and shapes.</summary>
internal sealed class Elbv2Service : QueryService
{
    private const int MaxPageSize = 400;
    private const int MaxDescribe = 20;
    private static readonly string[] Types = ["application", "network", "gateway"];
    private static readonly string[] Schemes = ["internet-facing", "internal"];
    private static readonly string[] IpAddressTypes = ["ipv4", "dualstack", "dualstack-without-public-ipv4"];
    private static readonly string[] Protocols = ["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC"];
    private static readonly string[] TargetTypes = ["instance", "ip", "lambda", "alb"];
    private static readonly string[] ActionTypes = ["forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response", "jwt-validation"];
    private static readonly string[] RedirectCodes = ["HTTP_301", "HTTP_302"];
    private static readonly ModelPattern TagPattern = ModelPattern.Of(@"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$");

    private readonly Elbv2Store _store;

    private Elbv2Service(Elbv2Store store) : base(AwsServiceCatalog.ElasticLoadBalancingV2, "2015-12-01")
    {
        _store = store;
        Actions = new Dictionary<string, QueryAction>(StringComparer.Ordinal)
        {
            ["CreateLoadBalancer"] = QueryAction.Write(p => [Members("LoadBalancers", [LoadBalancerContent(_store.CreateLoadBalancer(NewLoadBalancer(p)))])]),
            ["DescribeLoadBalancers"] = QueryAction.Read(p =>
            {
                var names = p.List("Names", MaxDescribe);
                var arns = p.List("LoadBalancerArns", MaxDescribe);
                if (names.Count > 0 && arns.Count > 0)
                    throw Elbv2Errors.Validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
                return Page(p, _store.DescribeLoadBalancers(names, arns), "LoadBalancers", LoadBalancerContent);
            }),
            ["DeleteLoadBalancer"] = QueryAction.Write(p => { _store.DeleteLoadBalancer(p.Required("LoadBalancerArn")); return []; }),
            ["DescribeLoadBalancerAttributes"] = QueryAction.Read(p => Attributes(_store.LoadBalancerAttributes(p.Required("LoadBalancerArn")))),
            ["ModifyLoadBalancerAttributes"] = QueryAction.Write(p =>
                Attributes(_store.ModifyLoadBalancerAttributes(p.Required("LoadBalancerArn"), AttributeChanges(p)))),
            ["SetSecurityGroups"] = QueryAction.Write(p =>
                [Members("SecurityGroupIds", _store.SetSecurityGroups(p.Required("LoadBalancerArn"), p.List("SecurityGroups", 5)))]),
            ["SetSubnets"] = QueryAction.Write(p =>
            {
                var arn = p.Required("LoadBalancerArn");
                var zones = _store.SetSubnets(arn, Subnets(p));
                return [Members("AvailabilityZones", zones.Select(ZoneContent)), E("IpAddressType", _store.GetLoadBalancer(arn).IpAddressType)];
            }),
            ["CreateTargetGroup"] = QueryAction.Write(p => [Members("TargetGroups", [TargetGroupContent(_store.CreateTargetGroup(NewTargetGroup(p)), null)])]),
            ["DescribeTargetGroups"] = QueryAction.Read(p =>
            {
                var lb = p.Optional("LoadBalancerArn");
                var names = p.List("Names", MaxDescribe);
                var arns = p.List("TargetGroupArns", MaxDescribe);
                if (new[] { lb is not null, names.Count > 0, arns.Count > 0 }.Count(x => x) > 1)
                    throw Elbv2Errors.Validation("Only one of load balancer ARN, target group ARNs or names can be specified");
                var used = _store.LoadBalancerArnsByGroup();
                return Page(p, _store.DescribeTargetGroups(lb, names, arns), "TargetGroups", g => TargetGroupContent(g, used));
            }),
            ["ModifyTargetGroup"] = QueryAction.Write(p =>
                [Members("TargetGroups", [TargetGroupContent(_store.ModifyTargetGroup(p.Required("TargetGroupArn"), HealthCheck(p)), null)])]),
            ["DeleteTargetGroup"] = QueryAction.Write(p => { _store.DeleteTargetGroup(p.Required("TargetGroupArn")); return []; }),
            ["DescribeTargetGroupAttributes"] = QueryAction.Read(p => Attributes(_store.TargetGroupAttributes(p.Required("TargetGroupArn")))),
            ["ModifyTargetGroupAttributes"] = QueryAction.Write(p =>
                Attributes(_store.ModifyTargetGroupAttributes(p.Required("TargetGroupArn"), AttributeChanges(p)))),
            ["DescribeTargetHealth"] = QueryAction.Read(p =>
            {
                var arn = p.Required("TargetGroupArn");
                var group = _store.DescribeTargetGroups(null, [], [arn])[0];
                var health = _store.DescribeTargetHealth(arn, Targets(p, required: false));
                return [Members("TargetHealthDescriptions", health.Select(h => HealthContent(group, h)))];
            }),
            ["RegisterTargets"] = QueryAction.Write(p => { _store.RegisterTargets(p.Required("TargetGroupArn"), Targets(p, required: true)); return []; }),
            ["DeregisterTargets"] = QueryAction.Write(p => { _store.DeregisterTargets(p.Required("TargetGroupArn"), Targets(p, required: true)); return []; }),
            ["CreateListener"] = QueryAction.Write(p => [Members("Listeners", [ListenerContent(_store.CreateListener(new NewListener(
                p.Required("LoadBalancerArn"),
                p.Enum("Protocol", Protocols),
                p.Int("Port", 1, 65535),
                p.Optional("SslPolicy"),
                Certificates(p) ?? [],
                DefaultActions(p) ?? throw Required("DefaultActions"),
                Tags(p))))])]),
            ["DescribeListeners"] = QueryAction.Read(p =>
                Page(p, _store.DescribeListeners(p.Optional("LoadBalancerArn"), p.List("ListenerArns", MaxDescribe)), "Listeners", ListenerContent)),
            ["ModifyListener"] = QueryAction.Write(p => [Members("Listeners", [ListenerContent(_store.ModifyListener(new ListenerChange(
                p.Required("ListenerArn"),
                p.Enum("Protocol", Protocols),
                p.Int("Port", 1, 65535),
                p.Optional("SslPolicy"),
                Certificates(p),
                DefaultActions(p))))])]),
            ["DeleteListener"] = QueryAction.Write(p => { _store.DeleteListener(p.Required("ListenerArn")); return []; }),
            ["AddTags"] = QueryAction.Write(p =>
            {
                var tags = Tags(p);
                _store.AddTags(ResourceArns(p), tags.Count > 0 ? tags : throw Required("Tags"));
                return [];
            }),
            ["RemoveTags"] = QueryAction.Write(p =>
            {
                var keys = p.List("TagKeys", 1000);
                _store.RemoveTags(ResourceArns(p), keys.Count > 0 ? keys : throw Required("TagKeys"));
                return [];
            }),
            ["DescribeTags"] = QueryAction.Read(p =>
            [
                Members("TagDescriptions", _store.DescribeTags(ResourceArns(p)).Select(d => new object[]
                {
                    E("ResourceArn", d.Arn), Members("Tags", d.Tags.Select(TagContent)),
                })),
            ]),
        };
    }

    protected override IReadOnlyDictionary<string, QueryAction> Actions { get; }

    /// <summary>The store, for Auto Scaling (it registers and deregisters its instances and reads their health).</summary>
    internal Elbv2Store Store => _store;

    /// <summary>The EC2 side ELBv2 consults (subnets, security groups, VPCs, instances and their health).</summary>
    internal Elbv2Network Network
    {
        get => _store.Network;
        set => _store.Network = value;
    }

    public static Elbv2Service Create(AwsEmulatorOptions options)
    {
        var file = options.StateDir is null ? null : Path.Combine(options.StateDir, "aws", "elbv2.json");
        return new Elbv2Service(new Elbv2Store(options.Region, options.AccountId, options.TimeProvider, options.Simulated,
            options.Elbv2ProvisioningDelay, file));
    }

    // ---- requests ----

    private static NewLoadBalancer NewLoadBalancer(QueryParameters p)
    {
        var type = p.Enum("Type", Types) ?? "application";
        if (type == "gateway")
            throw Elbv2Errors.Validation("Gateway load balancers are not emulated");
        return new(
            p.Required("Name"),
            type,
            p.Enum("Scheme", Schemes) ?? "internet-facing",
            Subnets(p),
            p.List("SecurityGroups", 5),
            p.Enum("IpAddressType", IpAddressTypes) ?? "ipv4",
            Tags(p));
    }

    /// <summary><c>Subnets.member.N</c> or <c>SubnetMappings.member.N.SubnetId</c>, as AWS takes either.</summary>
    private static IReadOnlyList<string> Subnets(QueryParameters p)
    {
        var subnets = p.List("Subnets", 200);
        return subnets.Count > 0 ? subnets : p.StructList("SubnetMappings", 200, prefix => p.Required(prefix + "SubnetId"));
    }

    private static NewTargetGroup NewTargetGroup(QueryParameters p)
    {
        var protocol = p.Enum("Protocol", Protocols);
        var targetType = p.Enum("TargetType", TargetTypes) ?? "instance";
        return new(p.Required("Name"), protocol, p.Int("Port", 1, 65535), p.Optional("VpcId"), targetType, HealthCheck(p), Tags(p));
    }

    private static HealthCheckChange HealthCheck(QueryParameters p) => new(
        p.Enum("HealthCheckProtocol", Protocols),
        p.Optional("HealthCheckPort"),
        p.String("HealthCheckPath", 1, 1024),
        p.Bool("HealthCheckEnabled"),
        p.Int("HealthCheckIntervalSeconds", 5, 300),
        p.Int("HealthCheckTimeoutSeconds", 2, 120),
        p.Int("HealthyThresholdCount", 2, 10),
        p.Int("UnhealthyThresholdCount", 2, 10),
        p.Optional("Matcher.HttpCode"));

    private static IReadOnlyList<TargetRef> Targets(QueryParameters p, bool required)
    {
        var targets = p.StructList("Targets", 1000, prefix => new TargetRef(p.Required(prefix + "Id"), p.Int(prefix + "Port", 1, 65535)));
        return targets.Count > 0 || !required ? targets : throw Required("Targets");
    }

    private static IReadOnlyList<string>? Certificates(QueryParameters p)
    {
        var certificates = p.StructList("Certificates", 100, prefix => p.Required(prefix + "CertificateArn"));
        return certificates.Count > 0 ? certificates : null;
    }

    /// <summary>Forward (by TargetGroupArn or a one-group ForwardConfig) and redirect; AWS fills the redirect
    /// members a request leaves out with the <c>#{...}</c> placeholders that keep the request's values.</summary>
    private static IReadOnlyList<ActionState>? DefaultActions(QueryParameters p)
    {
        var actions = p.StructList("DefaultActions", 5, prefix =>
        {
            var type = p.Enum(prefix + "Type", ActionTypes) ?? throw Required(prefix + "Type");
            var targetGroup = p.Optional(prefix + "TargetGroupArn") ?? p.Optional(prefix + "ForwardConfig.TargetGroups.member.1.TargetGroupArn");
            var redirect = type == "redirect"
                ? new RedirectState(
                    p.Enum(prefix + "RedirectConfig.StatusCode", RedirectCodes) ?? throw Required(prefix + "RedirectConfig.StatusCode"),
                    p.Optional(prefix + "RedirectConfig.Protocol") ?? "#{protocol}",
                    p.Optional(prefix + "RedirectConfig.Port") ?? "#{port}",
                    p.Optional(prefix + "RedirectConfig.Host") ?? "#{host}",
                    p.Optional(prefix + "RedirectConfig.Path") ?? "/#{path}",
                    p.Optional(prefix + "RedirectConfig.Query") ?? "#{query}")
                : null;
            return new ActionState(type, type == "forward" ? targetGroup : null, redirect, p.Int(prefix + "Order", 1, 50_000));
        });
        return actions.Count > 0 ? actions : null;
    }

    private static IReadOnlyList<Elbv2Tag> Tags(QueryParameters p) =>
        p.StructList("Tags", 1000, prefix => new Elbv2Tag(
            p.RequiredString(prefix + "Key", 1, 128, TagPattern),
            p.String(prefix + "Value", 0, 256, TagPattern) ?? ""));

    private static IReadOnlyList<string> ResourceArns(QueryParameters p)
    {
        var arns = p.List("ResourceArns", MaxDescribe);
        return arns.Count > 0 ? arns : throw Required("ResourceArns");
    }

    private static IReadOnlyList<KeyValuePair<string, string>> AttributeChanges(QueryParameters p)
    {
        var changes = p.StructList("Attributes", 20, prefix => new KeyValuePair<string, string>(p.Required(prefix + "Key"), p.Optional(prefix + "Value") ?? ""));
        return changes.Count > 0 ? changes : throw Required("Attributes");
    }

    private static AwsErrorException Required(string name) =>
        QueryParameters.Validation($"Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    // ---- responses ----

    private object?[] LoadBalancerContent(LoadBalancerState lb) =>
    [
        E("LoadBalancerArn", lb.Arn),
        E("DNSName", lb.DnsName),
        E("CanonicalHostedZoneId", lb.CanonicalHostedZoneId),
        E("CreatedTime", Timestamp(lb.CreatedTime)),
        E("LoadBalancerName", lb.Name),
        E("Scheme", lb.Scheme),
        E("VpcId", lb.VpcId),
        E("State", E("Code", _store.StateOf(lb))),
        E("Type", lb.Type),
        Members("AvailabilityZones", lb.Subnets.Select(ZoneContent)),
        lb.Type == "application" || lb.SecurityGroups.Count > 0 ? Members("SecurityGroups", lb.SecurityGroups) : null,
        E("IpAddressType", lb.IpAddressType),
    ];

    private object?[] ZoneContent(Elbv2Subnet subnet) =>
        [E("ZoneName", subnet.AvailabilityZone), E("SubnetId", subnet.SubnetId), E("LoadBalancerAddresses")];

    private object?[] TargetGroupContent(TargetGroupState g, Dictionary<string, List<string>>? used)
    {
        used ??= _store.LoadBalancerArnsByGroup();
        var h = g.HealthCheck;
        return
        [
            E("TargetGroupArn", g.Arn),
            E("TargetGroupName", g.Name),
            Optional("Protocol", g.Protocol),
            Optional("Port", g.Port),
            Optional("VpcId", g.VpcId),
            E("HealthCheckProtocol", h.Protocol),
            E("HealthCheckPort", h.Port),
            E("HealthCheckEnabled", h.Enabled ? "true" : "false"),
            E("HealthCheckIntervalSeconds", h.IntervalSeconds),
            E("HealthCheckTimeoutSeconds", h.TimeoutSeconds),
            E("HealthyThresholdCount", h.HealthyThreshold),
            E("UnhealthyThresholdCount", h.UnhealthyThreshold),
            Optional("HealthCheckPath", h.Path),
            h.HttpCode is { } code ? E("Matcher", E("HttpCode", code)) : null,
            Members("LoadBalancerArns", used.GetValueOrDefault(g.Arn) ?? []),
            E("TargetType", g.TargetType),
            g.Protocol is "HTTP" or "HTTPS" ? E("ProtocolVersion", "HTTP1") : null,
            E("IpAddressType", "ipv4"),
        ];
    }

    private object?[] HealthContent(TargetGroupState group, TargetHealthState h) =>
    [
        E("Target", E("Id", h.Id), Optional("Port", h.Port)),
        E("HealthCheckPort", group.HealthCheck.Port == "traffic-port" ? h.Port?.ToString(CultureInfo.InvariantCulture) : group.HealthCheck.Port),
        E("TargetHealth", E("State", h.State), Optional("Reason", h.Reason), Optional("Description", h.Description)),
    ];

    private object?[] ListenerContent(ListenerState l) =>
    [
        E("ListenerArn", l.Arn),
        E("LoadBalancerArn", l.LoadBalancerArn),
        E("Port", l.Port),
        E("Protocol", l.Protocol),
        l.Certificates.Count > 0 ? Members("Certificates", l.Certificates.Select(c => E("CertificateArn", c))) : null,
        Optional("SslPolicy", l.SslPolicy),
        Members("DefaultActions", l.DefaultActions.Select(ActionContent)),
    ];

    private object?[] ActionContent(ActionState a) =>
    [
        E("Type", a.Type),
        Optional("TargetGroupArn", a.TargetGroupArn),
        Optional("Order", a.Order),
        a.TargetGroupArn is { } arn
            ? E("ForwardConfig",
                Members("TargetGroups", [new object[] { E("TargetGroupArn", arn), E("Weight", 1) }]),
                E("TargetGroupStickinessConfig", E("Enabled", "false")))
            : null,
        a.Redirect is { } r
            ? E("RedirectConfig", E("Protocol", r.Protocol), E("Port", r.Port), E("Host", r.Host), E("Path", r.Path), E("Query", r.Query), E("StatusCode", r.StatusCode))
            : null,
    ];

    private object?[] TagContent(Elbv2Tag tag) => [E("Key", tag.Key), E("Value", tag.Value)];

    private IEnumerable<object?> Attributes(Dictionary<string, string> attributes) =>
        [Members("Attributes", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new object[] { E("Key", a.Key), E("Value", a.Value) }))];

    /// <summary>One page of a describe: PageSize (1..400) items from Marker, NextMarker when more remain.</summary>
    private IEnumerable<object?> Page<T>(QueryParameters p, IReadOnlyList<T> all, string listName, Func<T, object> render)
    {
        var size = p.Int("PageSize", 1, MaxPageSize) ?? MaxPageSize;
        var start = p.Optional("Marker") is { } marker
            ? QueryMarker.Decode(marker, all.Count) ?? throw Elbv2Errors.Validation("Invalid Marker")
            : 0;
        var page = all.Skip(start).Take(size).ToList();
        var next = start + page.Count;
        return [Members(listName, page.Select(render)), next < all.Count ? E("NextMarker", QueryMarker.Encode(next)) : null];
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
