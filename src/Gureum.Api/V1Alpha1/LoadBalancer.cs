using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Gureum.Api.V1Alpha1;

/// <summary>An ELBv2 load balancer with its listeners and one target group.</summary>
public sealed class LoadBalancer() : GureumResource<LoadBalancerSpec, LoadBalancerStatus>(KindName)
{
    public const string KindName = "LoadBalancer";

    public static KindDefinition Definition { get; } = KindDefinition.For<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(
        KindName, "loadbalancers", "lb", "LoadBalancer is an ELBv2 load balancer, its listeners and its target group kept equal to this spec.",
        new PrinterColumn("DNS-Name", "string", ".status.dnsName", "DNS name of the load balancer"));
}

[JsonConverter(typeof(JsonStringEnumConverter<LoadBalancerType>))]
public enum LoadBalancerType
{
    [JsonStringEnumMemberName("application")] Application,
    [JsonStringEnumMemberName("network")] Network,
}

[JsonConverter(typeof(JsonStringEnumConverter<LoadBalancerScheme>))]
public enum LoadBalancerScheme
{
    [JsonStringEnumMemberName("internet-facing")] InternetFacing,
    [JsonStringEnumMemberName("internal")] Internal,
}

[JsonConverter(typeof(JsonStringEnumConverter<LoadBalancerProtocol>))]
public enum LoadBalancerProtocol { HTTP, HTTPS, TCP, TLS }

[JsonConverter(typeof(JsonStringEnumConverter<TargetType>))]
public enum TargetType
{
    [JsonStringEnumMemberName("instance")] Instance,
    [JsonStringEnumMemberName("ip")] Ip,
}

public sealed record LoadBalancerSpec : ManagedSpec
{
    [JsonPropertyName("type"), DefaultValue(LoadBalancerType.Application)]
    [Description("application (layer 7) or network (layer 4).")]
    public LoadBalancerType Type { get; init; } = LoadBalancerType.Application;

    [JsonPropertyName("scheme"), DefaultValue(LoadBalancerScheme.InternetFacing)]
    [Description("internet-facing or internal.")]
    public LoadBalancerScheme Scheme { get; init; } = LoadBalancerScheme.InternetFacing;

    [JsonPropertyName("subnetIds"), MinLength(1)]
    [Description("Subnets the load balancer serves, at least one (two zones for application).")]
    public required IReadOnlyList<string> SubnetIds { get; init; }

    [JsonPropertyName("securityGroupIds")]
    [Description("Security groups of the load balancer.")]
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    [JsonPropertyName("listeners"), MinLength(1)]
    [Description("Listeners; each forwards to the target group unless it redirects to HTTPS.")]
    public required IReadOnlyList<ListenerSpec> Listeners { get; init; }

    [JsonPropertyName("targetGroup")]
    [Description("The target group that listeners forward to.")]
    public required TargetGroupSpec TargetGroup { get; init; }

    [JsonPropertyName("idleTimeoutSeconds"), Range(1, 4000)]
    [Description("Connection idle timeout in seconds (application only); AWS's value when omitted.")]
    public int? IdleTimeoutSeconds { get; init; }

    [JsonPropertyName("deletionProtection"), DefaultValue(false)]
    [Description("AWS deletion protection.")]
    public bool DeletionProtection { get; init; }

    [JsonPropertyName("tags")]
    [Description("Tags on the load balancer and target group, in addition to Gureum's ownership tags.")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record ListenerSpec
{
    [JsonPropertyName("port"), Range(1, 65535)]
    [Description("Listening port.")]
    public required int Port { get; init; }

    [JsonPropertyName("protocol")]
    [Description("HTTP or HTTPS (application), TCP or TLS (network).")]
    public required LoadBalancerProtocol Protocol { get; init; }

    [JsonPropertyName("certificateArn")]
    [Description("ACM certificate ARN; required for HTTPS and TLS.")]
    public string? CertificateArn { get; init; }

    [JsonPropertyName("redirectToHttps"), DefaultValue(false)]
    [Description("An HTTP listener that answers with a permanent redirect to HTTPS on port 443.")]
    public bool RedirectToHttps { get; init; }
}

public sealed record TargetGroupSpec
{
    [JsonPropertyName("port"), Range(1, 65535)]
    [Description("Port the targets listen on.")]
    public required int Port { get; init; }

    [JsonPropertyName("protocol")]
    [Description("Protocol to the targets.")]
    public required LoadBalancerProtocol Protocol { get; init; }

    [JsonPropertyName("targetType"), DefaultValue(TargetType.Instance)]
    [Description("instance or ip.")]
    public TargetType TargetType { get; init; } = TargetType.Instance;

    [JsonPropertyName("deregistrationDelaySeconds"), DefaultValue(300), Range(0, 3600)]
    [Description("Connection draining time in seconds.")]
    public int DeregistrationDelaySeconds { get; init; } = 300;

    [JsonPropertyName("healthCheck")]
    [Description("Target health check; AWS's defaults for omitted fields.")]
    public TargetHealthCheckSpec? HealthCheck { get; init; }
}

public sealed record TargetHealthCheckSpec
{
    [JsonPropertyName("path"), MaxLength(1024), RegularExpression("^/.*$")]
    [Description("HTTP(S) path to probe.")]
    public string? Path { get; init; }

    [JsonPropertyName("port"), Range(1, 65535)]
    [Description("Port to probe; the traffic port when omitted.")]
    public int? Port { get; init; }

    [JsonPropertyName("protocol")]
    [Description("Protocol of the probe.")]
    public LoadBalancerProtocol? Protocol { get; init; }

    [JsonPropertyName("intervalSeconds"), Range(5, 300)]
    [Description("Seconds between probes.")]
    public int? IntervalSeconds { get; init; }

    [JsonPropertyName("timeoutSeconds"), Range(2, 120)]
    [Description("Seconds before a probe fails.")]
    public int? TimeoutSeconds { get; init; }

    [JsonPropertyName("healthyThreshold"), Range(2, 10)]
    [Description("Consecutive successes before a target is healthy.")]
    public int? HealthyThreshold { get; init; }

    [JsonPropertyName("unhealthyThreshold"), Range(2, 10)]
    [Description("Consecutive failures before a target is unhealthy.")]
    public int? UnhealthyThreshold { get; init; }

    [JsonPropertyName("matcher"), RegularExpression(@"^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$")]
    [Description("HTTP codes that count as success, e.g. 200 or 200-399.")]
    public string? Matcher { get; init; }
}

public sealed record LoadBalancerStatus : ResourceStatus
{
    [JsonPropertyName("arn")]
    [Description("Load balancer ARN.")]
    public string? Arn { get; init; }

    [JsonPropertyName("dnsName")]
    [Description("DNS name of the load balancer.")]
    public string? DnsName { get; init; }

    [JsonPropertyName("canonicalHostedZoneId")]
    [Description("Hosted zone id for Route53 alias records.")]
    public string? CanonicalHostedZoneId { get; init; }

    [JsonPropertyName("targetGroupArn")]
    [Description("Target group ARN.")]
    public string? TargetGroupArn { get; init; }

    [JsonPropertyName("listenerArns")]
    [Description("Listener ARNs.")]
    public IReadOnlyList<string>? ListenerArns { get; init; }

    [JsonPropertyName("targets")]
    [Description("Target health counts.")]
    public TargetCounts? Targets { get; init; }

    [JsonPropertyName("state")]
    [Description("AWS state: provisioning, active, active_impaired or failed.")]
    public string? State { get; init; }
}

public sealed record TargetCounts
{
    [JsonPropertyName("healthy")]
    [Description("Healthy targets.")]
    public int Healthy { get; init; }

    [JsonPropertyName("unhealthy")]
    [Description("Targets not healthy (including initial and draining).")]
    public int Unhealthy { get; init; }

    [JsonPropertyName("total")]
    [Description("Registered targets.")]
    public int Total { get; init; }
}
