using System.Collections.Concurrent;

namespace Gureum.Local.Aws.Faults;

/// <summary>The fault settings in force, changeable per service while the emulator runs.</summary>
public sealed class FaultInjector
{
    private static readonly IReadOnlyDictionary<string, (double Rate, int Burst)> PublishedRates =
        new Dictionary<string, (double, int)>
        {
            ["route53"] = (10, 50),
            ["sts"] = (100, 200),
            ["ec2"] = (20, 100),
            ["elasticloadbalancing"] = (10, 40),
            ["autoscaling"] = (20, 40),
            ["iam"] = (10, 20),
        };

    private readonly ConcurrentDictionary<string, ServiceFaults> _services;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _randomGate = new();

    internal FaultInjector(FaultSettings settings, TimeProvider time)
    {
        _services = new ConcurrentDictionary<string, ServiceFaults>(settings.Services, StringComparer.OrdinalIgnoreCase);
        _time = time;
        _random = settings.Seed is { } seed ? new Random(seed) : new Random();
    }

    public ServiceFaults For(string service) => _services.GetValueOrDefault(service) ?? new ServiceFaults();

    /// <summary>Replaces one service's faults; its throttling bucket starts full again.</summary>
    public void Set(string service, ServiceFaults faults)
    {
        _services[service] = faults;
        _buckets.TryRemove(service, out _);
    }

    public void Clear(string service) => Set(service, new ServiceFaults());

    internal bool ShouldThrottle(string service)
    {
        var faults = For(service);
        if (!faults.Throttle)
            return false;
        var (rate, burst) = PublishedRates.GetValueOrDefault(service, (10, 20));
        var bucket = _buckets.GetOrAdd(service,
            _ => new TokenBucket(faults.RatePerSecond ?? rate, faults.Burst ?? burst, _time));
        return !bucket.TryTake();
    }

    internal bool Draw(double fraction)
    {
        if (fraction <= 0)
            return false;
        lock (_randomGate)
            return _random.NextDouble() < fraction;
    }

    internal TimeSpan LatencyFor(ServiceFaults faults)
    {
        if (faults.LatencyJitter <= TimeSpan.Zero)
            return faults.Latency;
        lock (_randomGate)
            return faults.Latency + faults.LatencyJitter * _random.NextDouble();
    }

    internal bool DrawHalf()
    {
        lock (_randomGate)
            return _random.Next(2) == 0;
    }
}
