namespace Gureum.Operator.Cli;

/// <summary>What the faults knob of <c>gureum local</c> turns on in the embedded emulator.</summary>
internal enum AwsFaultMode
{
    /// <summary>A well-behaved AWS: no throttling, no errors.</summary>
    None,

    /// <summary>Route53's published rate (10/s, burst 50) enforced, as on AWS.</summary>
    Throttle,

    /// <summary>Throttling plus random 5xx, lost responses and latency.</summary>
    Chaos,
}

internal sealed record CrdsOptions(string Output, string? ChartOutput);

/// <summary>Flags shared by <c>run</c> and <c>local</c>: how the operator host behaves.</summary>
internal sealed record OperatorOptions
{
    public string? ClusterId { get; init; }
    public TimeSpan DriftInterval { get; init; } = TimeSpan.FromSeconds(60);
    public int Workers { get; init; } = 4;
    public bool LeaderElect { get; init; }
    public string LeaseNamespace { get; init; } = "gureum-system";
    public string LeaseName { get; init; } = "gureum-leader";

    /// <summary>
    /// Leader election timings. Shorter than client-go's 15 s / 10 s / 2 s: a killed leader's work resumes
    /// 8–12 s later instead of 13–19 s (Gureum's failover goal is under 15 s), for one Lease renewal a second.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(7);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>0 picks a free port; null serves no metrics/health endpoint.</summary>
    public int? MetricsPort { get; init; } = 8080;

    /// <summary>Bind the metrics/health endpoint to 127.0.0.1 only (local mode) instead of every interface.</summary>
    public bool MetricsLoopbackOnly { get; init; }

    /// <summary>False: the host keeps its caches, metrics and health but reconciles nothing
    /// (<c>gureum local --operator false</c>, where <c>gureum run</c> replicas do the work).</summary>
    public bool RunControllers { get; init; } = true;

    /// <summary>Lets IamRole trust policies name a wildcard principal (refused by default).</summary>
    public bool AllowWildcardTrust { get; init; }
}

internal sealed record RunOptions(string? Kubeconfig, OperatorOptions Host);

internal sealed record LocalOptions
{
    public string StateDir { get; init; } = ".gureum";
    public int Port { get; init; }
    public int AwsPort { get; init; }
    public Uri? AwsEndpoint { get; init; }
    public IReadOnlyList<string> Zones { get; init; } = [];
    public double ClockSpeedup { get; init; } = 1.0;
    public AwsFaultMode AwsFaults { get; init; } = AwsFaultMode.Throttle;

    /// <summary>Null: decide by whether stdout is a terminal.</summary>
    public bool? LiveView { get; init; }

    public OperatorOptions Host { get; init; } = new() { MetricsPort = 0, MetricsLoopbackOnly = true };

    /// <summary>Always seeded, so the samples and the README examples work out of the box.</summary>
    public const string DefaultZone = "example.com";

    public IReadOnlyList<string> SeededZones =>
        [.. new[] { DefaultZone }.Concat(Zones).Select(z => z.TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase)];
}
