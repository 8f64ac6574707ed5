namespace Gureum.Local.Aws.Elbv2;

internal sealed record Elbv2Tag(string Key, string Value);

/// <summary>A load balancer as the store keeps (and persists) it. Its state is not stored: it is
/// provisioning until <see cref="ActiveAt"/>, then active, computed from the emulator's clock.</summary>
internal sealed record LoadBalancerState
{
    public required string Arn { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Scheme { get; init; }
    public required string DnsName { get; init; }
    public required string CanonicalHostedZoneId { get; init; }
    public required string VpcId { get; init; }
    public required string IpAddressType { get; init; }
    public required DateTimeOffset CreatedTime { get; init; }
    public required DateTimeOffset ActiveAt { get; init; }
    public List<Elbv2Subnet> Subnets { get; set; } = [];
    public List<string> SecurityGroups { get; set; } = [];
    public Dictionary<string, string> Attributes { get; init; } = [];
    public List<Elbv2Tag> Tags { get; init; } = [];
}

internal sealed record HealthCheckState
{
    public required string Protocol { get; set; }
    public required string Port { get; set; }
    public string? Path { get; set; }
    public bool Enabled { get; set; } = true;
    public required int IntervalSeconds { get; set; }
    public required int TimeoutSeconds { get; set; }
    public required int HealthyThreshold { get; set; }
    public required int UnhealthyThreshold { get; set; }
    public string? HttpCode { get; set; }
}

internal sealed record TargetGroupState
{
    public required string Arn { get; init; }
    public required string Name { get; init; }
    public string? Protocol { get; init; }
    public int? Port { get; init; }
    public string? VpcId { get; init; }
    public required string TargetType { get; init; }
    public required HealthCheckState HealthCheck { get; init; }
    public Dictionary<string, string> Attributes { get; init; } = [];
    public List<Elbv2Tag> Tags { get; init; } = [];
    public List<TargetState> Targets { get; init; } = [];
    /// <summary>Since when a listener forwards to the group (null: none does); health checks run from then.</summary>
    public DateTimeOffset? InUseSince { get; set; }
}

/// <summary>A registered target. While <see cref="DeregisteredAt"/> is set it drains for the group's
/// deregistration delay, then it is gone.</summary>
internal sealed record TargetState
{
    public required string Id { get; init; }
    public required int? Port { get; init; }
    public required DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? DeregisteredAt { get; set; }
    public int DrainSeconds { get; set; }
}

internal sealed record ActionState(string Type, string? TargetGroupArn, RedirectState? Redirect, int? Order);

internal sealed record RedirectState(string StatusCode, string? Protocol, string? Port, string? Host, string? Path, string? Query);

internal sealed record ListenerState
{
    public required string Arn { get; init; }
    public required string LoadBalancerArn { get; init; }
    public required string Protocol { get; set; }
    public required int Port { get; set; }
    public string? SslPolicy { get; set; }
    public List<string> Certificates { get; set; } = [];
    public List<ActionState> DefaultActions { get; set; } = [];
    public List<Elbv2Tag> Tags { get; init; } = [];
}

/// <summary>A subnet as ELBv2 needs it: its availability zone and VPC.</summary>
internal sealed record Elbv2Subnet(string SubnetId, string AvailabilityZone, string VpcId);

internal sealed record Elbv2Snapshot(List<LoadBalancerState> LoadBalancers, List<TargetGroupState> TargetGroups, List<ListenerState> Listeners);
