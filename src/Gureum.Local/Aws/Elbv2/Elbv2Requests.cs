namespace Gureum.Local.Aws.Elbv2;

/// <summary>What the service parsed from a request, handed to the store (which checks the rules).</summary>
internal sealed record NewLoadBalancer(string Name, string Type, string Scheme, IReadOnlyList<string> Subnets,
    IReadOnlyList<string> SecurityGroups, string IpAddressType, IReadOnlyList<Elbv2Tag> Tags);

internal sealed record NewTargetGroup(string Name, string? Protocol, int? Port, string? VpcId, string TargetType,
    HealthCheckChange HealthCheck, IReadOnlyList<Elbv2Tag> Tags);

/// <summary>Health check members a request sets; null leaves AWS's default (create) or the current value (modify).</summary>
internal sealed record HealthCheckChange(string? Protocol, string? Port, string? Path, bool? Enabled, int? IntervalSeconds,
    int? TimeoutSeconds, int? HealthyThreshold, int? UnhealthyThreshold, string? HttpCode);

internal sealed record NewListener(string LoadBalancerArn, string? Protocol, int? Port, string? SslPolicy,
    IReadOnlyList<string> Certificates, IReadOnlyList<ActionState> DefaultActions, IReadOnlyList<Elbv2Tag> Tags);

/// <summary>Null members are left unchanged.</summary>
internal sealed record ListenerChange(string ListenerArn, string? Protocol, int? Port, string? SslPolicy,
    IReadOnlyList<string>? Certificates, IReadOnlyList<ActionState>? DefaultActions);

internal sealed record TargetRef(string Id, int? Port);
