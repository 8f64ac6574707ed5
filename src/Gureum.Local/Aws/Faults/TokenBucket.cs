namespace Gureum.Local.Aws.Faults;

/// <summary>A token bucket on the emulator's clock; starts full.</summary>
internal sealed class TokenBucket(double ratePerSecond, int burst, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private long _lastRefill = time.GetTimestamp();

    public double RatePerSecond { get; } = ratePerSecond;
    public int Burst { get; } = burst;

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + time.GetElapsedTime(_lastRefill, now).TotalSeconds * RatePerSecond);
            _lastRefill = now;
            if (_tokens < 1)
                return false;
            _tokens -= 1;
            return true;
        }
    }
}
