namespace Gureum.Local.Aws.Elbv2;

/// <summary>AWS's defaults and allowed values for attributes and health checks.</summary>
internal static class Elbv2Defaults
{
    public const string IdleTimeout = "idle_timeout.timeout_seconds";
    public const string DeletionProtection = "deletion_protection.enabled";
    public const string DeregistrationDelay = "deregistration_delay.timeout_seconds";

    public static Dictionary<string, string> LoadBalancerAttributes(string type) => type == "network"
        ? new(StringComparer.Ordinal)
        {
            [DeletionProtection] = "false",
            ["load_balancing.cross_zone.enabled"] = "false",
            ["access_logs.s3.enabled"] = "false",
            ["access_logs.s3.bucket"] = "",
            ["access_logs.s3.prefix"] = "",
            ["dns_record.client_routing_policy"] = "any_availability_zone",
        }
        : new(StringComparer.Ordinal)
        {
            [IdleTimeout] = "60",
            [DeletionProtection] = "false",
            ["routing.http2.enabled"] = "true",
            ["routing.http.drop_invalid_header_fields.enabled"] = "false",
            ["routing.http.desync_mitigation_mode"] = "defensive",
            ["load_balancing.cross_zone.enabled"] = "true",
            ["access_logs.s3.enabled"] = "false",
            ["access_logs.s3.bucket"] = "",
            ["access_logs.s3.prefix"] = "",
            ["waf.fail_open.enabled"] = "false",
            ["client_keep_alive.seconds"] = "3600",
        };

    public static Dictionary<string, string> TargetGroupAttributes(string? protocol) => protocol is "HTTP" or "HTTPS"
        ? new(StringComparer.Ordinal)
        {
            [DeregistrationDelay] = "300",
            ["stickiness.enabled"] = "false",
            ["stickiness.type"] = "lb_cookie",
            ["stickiness.lb_cookie.duration_seconds"] = "86400",
            ["load_balancing.algorithm.type"] = "round_robin",
            ["slow_start.duration_seconds"] = "0",
        }
        : new(StringComparer.Ordinal)
        {
            [DeregistrationDelay] = "300",
            ["stickiness.enabled"] = "false",
            ["stickiness.type"] = "source_ip",
            ["deregistration_delay.connection_termination.enabled"] = "false",
            ["preserve_client_ip.enabled"] = "true",
            ["proxy_protocol_v2.enabled"] = "false",
        };

    /// <summary>Checks a value AWS would refuse; the message is the ValidationError's, null when fine.</summary>
    public static string? AttributeProblem(string key, string value) => key switch
    {
        IdleTimeout => IntProblem(key, value, 1, 4000),
        DeregistrationDelay => IntProblem(key, value, 0, 3600),
        "client_keep_alive.seconds" => IntProblem(key, value, 60, 604_800),
        "slow_start.duration_seconds" => IntProblem(key, value, 0, 900),
        _ when key.EndsWith(".enabled", StringComparison.Ordinal) && value is not ("true" or "false") =>
            $"Attribute '{key}' must be either 'true' or 'false'",
        _ => null,
    };

    /// <summary>A new target group's health check: AWS fills what the request leaves out by protocol.</summary>
    public static HealthCheckState HealthCheck(string? protocol, string targetType)
    {
        var http = protocol is "HTTP" or "HTTPS";
        return new HealthCheckState
        {
            Protocol = http ? protocol! : "TCP",
            Port = "traffic-port",
            Path = http ? "/" : null,
            IntervalSeconds = 30,
            TimeoutSeconds = http ? 5 : 10,
            HealthyThreshold = 5,
            UnhealthyThreshold = 2,
            HttpCode = http ? "200" : null,
            Enabled = targetType != "lambda",
        };
    }

    private static string? IntProblem(string key, string value, int min, int max) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? null
            : $"{(key.StartsWith("idle", StringComparison.Ordinal) ? "Idle timeout" : $"Attribute '{key}'")} value must be between {min} and {max}";
}
