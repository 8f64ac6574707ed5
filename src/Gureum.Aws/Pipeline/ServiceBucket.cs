namespace Gureum.Aws.Pipeline;

/// <summary>One service's (and region's) token bucket, with tokens computed from the injected
/// TimeProvider's elapsed time. System.Threading.RateLimiting's TokenBucketRateLimiter cannot be used:
/// with AutoReplenishment off, TryReplenish() adds tokens for the real Stopwatch time since its last
/// call, so fake time never refills it. Each caller reserves the next token (the count may go
/// negative) and waits until the clock has paid it back, which keeps callers in arrival order.
/// When AWS throttles anyway (other clients share the account's budget), the bucket pauses for a
/// cooldown that doubles while throttling continues and halves on success, like
/// cluster-api-provider-aws's throttle.</summary>
internal sealed class ServiceBucket(AwsRateLimit limit, AwsRetryOptions retry, TimeProvider time)
{
    private readonly AwsRateLimit _limit = Validated(limit);
    private readonly Lock _gate = new();
    private double _tokens = limit.Burst;
    private long _refilledAt = time.GetTimestamp();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TimeSpan _cooldown = TimeSpan.Zero;

    public TimeSpan CurrentCooldown
    {
        get { lock (_gate) return _cooldown; }
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan pause;
        lock (_gate) pause = _pausedUntil - time.GetUtcNow();
        if (pause > TimeSpan.Zero)
            await Task.Delay(pause, time, cancellationToken);

        TimeSpan wait;
        lock (_gate)
        {
            Refill();
            _tokens--;
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _limit.RequestsPerSecond);
        }
        if (wait <= TimeSpan.Zero)
            return;
        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The reservation was never used: hand it back so later callers are not slowed by it.
            lock (_gate) _tokens = Math.Min(_limit.Burst, _tokens + 1);
            throw;
        }
    }

    public void OnThrottled()
    {
        lock (_gate)
        {
            _cooldown = _cooldown == TimeSpan.Zero
                ? retry.ThrottleCooldown
                : TimeSpan.FromTicks(Math.Min(_cooldown.Ticks * 2, retry.MaxThrottleCooldown.Ticks));
            _pausedUntil = time.GetUtcNow() + _cooldown;
        }
    }

    public void OnSuccess()
    {
        lock (_gate)
        {
            if (_cooldown == TimeSpan.Zero) return;
            var halved = _cooldown / 2;
            _cooldown = halved < retry.ThrottleCooldown ? TimeSpan.Zero : halved;
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_refilledAt, now);
        _refilledAt = now;
        _tokens = Math.Min(_limit.Burst, _tokens + elapsed.TotalSeconds * _limit.RequestsPerSecond);
    }

    private static AwsRateLimit Validated(AwsRateLimit limit)
    {
        limit.Validate();
        return limit;
    }
}
