namespace Gureum.Aws.Pipeline;

/// <summary>Retry of throttling, 5xx and network errors: exponential backoff with jitter, bounded.
/// <see cref="ThrottleCooldown"/> is how long a service's bucket pauses after AWS throttled it
/// (doubling while throttling continues, up to <see cref="MaxThrottleCooldown"/>).</summary>
public sealed record AwsRetryOptions
{
    public int MaxAttempts { get; init; } = 6;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan ThrottleCooldown { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxThrottleCooldown { get; init; } = TimeSpan.FromSeconds(10);

    public static AwsRetryOptions Default { get; } = new();
}
