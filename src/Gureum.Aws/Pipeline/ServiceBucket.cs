using System.Threading.RateLimiting;

namespace Gureum.Aws.Pipeline;

/// <summary>One service's (and region's) token bucket. Replenished by a TimeProvider timer so fake
/// time drives it in tests. When AWS throttles anyway (other clients share the account's budget),
/// the bucket pauses for a cooldown that doubles while throttling continues and halves on success,
/// like cluster-api-provider-aws's throttle.</summary>
internal sealed class ServiceBucket : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;
    private readonly ITimer _replenisher;
    private readonly TimeProvider _time;
    private readonly AwsRetryOptions _retry;
    private readonly Lock _gate = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TimeSpan _cooldown = TimeSpan.Zero;

    public ServiceBucket(AwsRateLimit limit, AwsRetryOptions retry, TimeProvider time)
    {
        limit.Validate();
        _time = time;
        _retry = retry;
        var period = TimeSpan.FromSeconds(1 / limit.RequestsPerSecond);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = period,
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _replenisher = time.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), _limiter, period, period);
    }

    public TimeSpan CurrentCooldown
    {
        get { lock (_gate) return _cooldown; }
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        TimeSpan pause;
        lock (_gate) pause = _pausedUntil - _time.GetUtcNow();
        if (pause > TimeSpan.Zero)
            await Task.Delay(pause, _time, cancellationToken);

        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
            throw new InvalidOperationException("The AWS rate limiter refused a permit although its queue is unbounded.");
    }

    public void OnThrottled()
    {
        lock (_gate)
        {
            _cooldown = _cooldown == TimeSpan.Zero
                ? _retry.ThrottleCooldown
                : TimeSpan.FromTicks(Math.Min(_cooldown.Ticks * 2, _retry.MaxThrottleCooldown.Ticks));
            _pausedUntil = _time.GetUtcNow() + _cooldown;
        }
    }

    public void OnSuccess()
    {
        lock (_gate)
        {
            if (_cooldown == TimeSpan.Zero) return;
            var halved = _cooldown / 2;
            _cooldown = halved < _retry.ThrottleCooldown ? TimeSpan.Zero : halved;
        }
    }

    public void Dispose()
    {
        _replenisher.Dispose();
        _limiter.Dispose();
    }
}
