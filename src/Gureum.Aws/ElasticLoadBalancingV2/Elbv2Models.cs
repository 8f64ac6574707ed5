namespace Gureum.Aws.ElasticLoadBalancingV2;

public sealed record Elbv2Tag(string Key, string Value);

/// <summary>AWS's string values, spelled as the API spells them.</summary>
public static class Elbv2Values
{
    public const string Application = "application";
    public const string Network = "network";
    public const string InternetFacing = "internet-facing";
    public const string Internal = "internal";
    public const string Provisioning = "provisioning";
    public const string Active = "active";
    public const string Instance = "instance";
    public const string Ip = "ip";
    public const string IdleTimeoutSeconds = "idle_timeout.timeout_seconds";
    public const string DeletionProtection = "deletion_protection.enabled";
    public const string DeregistrationDelaySeconds = "deregistration_delay.timeout_seconds";
}

public sealed record Elbv2AvailabilityZone(string ZoneName, string SubnetId);

/// <summary>A load balancer as DescribeLoadBalancers returns it. <see cref="State"/> is provisioning,
/// active, active_impaired or failed; <see cref="DnsName"/> and <see cref="CanonicalHostedZoneId"/> are
/// what a Route53 alias points at.</summary>
public sealed record Elbv2LoadBalancer(
    string Arn,
    string Name,
    string DnsName,
    string CanonicalHostedZoneId,
    DateTimeOffset CreatedTime,
    string Type,
    string Scheme,
    string State,
    string? VpcId,
    IReadOnlyList<Elbv2AvailabilityZone> AvailabilityZones,
    IReadOnlyList<string> SecurityGroups,
    string? IpAddressType);

public sealed record CreateLoadBalancerRequest(string Name, IReadOnlyList<string> Subnets)
{
    /// <summary>Null: AWS's default "application".</summary>
    public string? Type { get; init; }
    /// <summary>Null: AWS's default "internet-facing".</summary>
    public string? Scheme { get; init; }
    public IReadOnlyList<string> SecurityGroups { get; init; } = [];
    public string? IpAddressType { get; init; }
    public IReadOnlyList<Elbv2Tag> Tags { get; init; } = [];
}

/// <summary>A target group's health check. In a create or modify request a null member is left to AWS
/// (its default, or unchanged); in a described target group AWS fills every member it has.</summary>
public sealed record Elbv2HealthCheck
{
    public string? Protocol { get; init; }
    /// <summary>A port number or "traffic-port".</summary>
    public string? Port { get; init; }
    public string? Path { get; init; }
    public bool? Enabled { get; init; }
    public int? IntervalSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? HealthyThresholdCount { get; init; }
    public int? UnhealthyThresholdCount { get; init; }
    /// <summary>Matcher HttpCode, e.g. "200" or "200-299".</summary>
    public string? HttpCode { get; init; }
}

public sealed record Elbv2TargetGroup(
    string Arn,
    string Name,
    string? Protocol,
    int? Port,
    string? VpcId,
    string TargetType,
    Elbv2HealthCheck HealthCheck,
    IReadOnlyList<string> LoadBalancerArns);

public sealed record CreateTargetGroupRequest(string Name)
{
    public string? Protocol { get; init; }
    public int? Port { get; init; }
    /// <summary>Required for instance and ip targets.</summary>
    public string? VpcId { get; init; }
    /// <summary>Null: AWS's default "instance".</summary>
    public string? TargetType { get; init; }
    public Elbv2HealthCheck HealthCheck { get; init; } = new();
    public IReadOnlyList<Elbv2Tag> Tags { get; init; } = [];
}

/// <summary>A target: an instance id or IP address, and a port when it differs from the group's.</summary>
public sealed record Elbv2Target(string Id, int? Port = null);

/// <summary>State is initial, healthy, unhealthy, unused, draining or unavailable; Reason is AWS's code
/// (Elb.InitialHealthChecking, Target.NotInUse, Target.DeregistrationInProgress, ...).</summary>
public sealed record Elbv2TargetHealth(Elbv2Target Target, string State, string? Reason, string? Description);

/// <summary>A redirect; null members keep the request's value ("#{protocol}" etc. on AWS).</summary>
public sealed record Elbv2Redirect(string StatusCode)
{
    public string? Protocol { get; init; }
    public string? Port { get; init; }
    public string? Host { get; init; }
    public string? Path { get; init; }
    public string? Query { get; init; }
}

/// <summary>A listener's default action: forward to one target group, or redirect.</summary>
public sealed record Elbv2Action(string Type, string? TargetGroupArn = null, Elbv2Redirect? Redirect = null)
{
    public static Elbv2Action Forward(string targetGroupArn) => new("forward", targetGroupArn);

    /// <summary>HTTP to HTTPS on port 443, permanently (HTTP_301), keeping host, path and query.</summary>
    public static Elbv2Action RedirectToHttps() =>
        new("redirect", Redirect: new Elbv2Redirect("HTTP_301") { Protocol = "HTTPS", Port = "443" });
}

public sealed record Elbv2Listener(
    string Arn,
    string LoadBalancerArn,
    string Protocol,
    int Port,
    IReadOnlyList<string> CertificateArns,
    string? SslPolicy,
    IReadOnlyList<Elbv2Action> DefaultActions);

public sealed record CreateListenerRequest(string LoadBalancerArn, string Protocol, int Port, IReadOnlyList<Elbv2Action> DefaultActions)
{
    /// <summary>HTTPS and TLS listeners need one (the first is the default certificate).</summary>
    public IReadOnlyList<string> CertificateArns { get; init; } = [];
    public string? SslPolicy { get; init; }
    public IReadOnlyList<Elbv2Tag> Tags { get; init; } = [];
}

/// <summary>Null members are left as they are.</summary>
public sealed record ModifyListenerRequest(string ListenerArn)
{
    public string? Protocol { get; init; }
    public int? Port { get; init; }
    public IReadOnlyList<string>? CertificateArns { get; init; }
    public string? SslPolicy { get; init; }
    public IReadOnlyList<Elbv2Action>? DefaultActions { get; init; }
}

public sealed record Elbv2TagDescription(string ResourceArn, IReadOnlyList<Elbv2Tag> Tags);
