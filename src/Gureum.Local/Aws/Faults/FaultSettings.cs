namespace Gureum.Local.Aws.Faults;

/// <summary>Faults for every service, keyed by signing name (route53, sts, ec2, ...).</summary>
public sealed record FaultSettings
{
    /// <summary>Seed for the random draws (5xx, jitter, lost responses); null seeds from the OS.</summary>
    public int? Seed { get; init; }
    public IReadOnlyDictionary<string, ServiceFaults> Services { get; init; } = new Dictionary<string, ServiceFaults>();
}

/// <summary>What goes wrong for one service. The default is a well-behaved service.</summary>
public sealed record ServiceFaults
{
    /// <summary>Enforce the service's request rate with a token bucket; excess requests get the service's throttling error.</summary>
    public bool Throttle { get; init; }
    /// <summary>Refill rate; null uses the service's published rate from the services table (Route53 10/s).</summary>
    public double? RatePerSecond { get; init; }
    /// <summary>Bucket size; null uses the service's published burst from the services table (Route53 50).</summary>
    public int? Burst { get; init; }
    /// <summary>Fraction (0..1) of requests answered with InternalFailure 500 or ServiceUnavailable 503, before any effect.</summary>
    public double ServerErrorFraction { get; init; }
    /// <summary>Added to every response; divided by the clock speed-up.</summary>
    public TimeSpan Latency { get; init; }
    /// <summary>Uniform random extra latency in [0, LatencyJitter); divided by the clock speed-up.</summary>
    public TimeSpan LatencyJitter { get; init; }
    /// <summary>Fraction (0..1) of write requests whose effect is applied but whose connection is aborted before the answer.</summary>
    public double LostResponseFraction { get; init; }
    /// <summary>Fraction (0..1) of Route53 ChangeResourceRecordSets answered PriorRequestNotComplete (400), before any effect.</summary>
    public double PriorRequestNotCompleteFraction { get; init; }
}

public enum FaultKind
{
    Throttled,
    ServerError,
    LostResponse,
    PriorRequestNotComplete,
}
