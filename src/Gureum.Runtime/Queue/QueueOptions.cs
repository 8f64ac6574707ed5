namespace Gureum.Runtime.Queue;

/// <summary>Timing of a controller's work queue.</summary>
public sealed record QueueOptions
{
    /// <summary>Delay after the first failure; doubles with each further failure of the same key.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Fraction of a backoff delay that is randomised away ("equal jitter"): a delay d becomes
    /// a value in [d * (1 - Jitter), d], so keys that failed together spread out and the cap holds.
    /// </summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>How long the whole controller stops taking work after a throttling error.</summary>
    public TimeSpan ThrottlePause { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most background keys (the resync's) handed out at once; the rest of the workers stay free for
    /// a new or changed object, which then neither waits for a worker nor queues at the API server behind
    /// a whole resync. The controller sets it from its worker count unless given.
    /// </summary>
    public int? MaxBackgroundInFlight { get; init; }
}
