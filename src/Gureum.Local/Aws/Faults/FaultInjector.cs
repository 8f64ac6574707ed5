using Gureum.Aws;
using System.Collections.Concurrent;

namespace Gureum.Local.Aws.Faults;

/// <summary>The fault settings in force, changeable per service while the emulator runs.</summary>
public sealed class FaultInjector
{
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
        foreach (var key in _buckets.Keys.Where(k => k.StartsWith(service + "/", StringComparison.OrdinalIgnoreCase)))
            _buckets.TryRemove(key, out _);
    }

    public void Clear(string service) => Set(service, new ServiceFaults());

    /// <summary>The rate a service throttles at when <see cref="ServiceFaults.Throttle"/> is on: the
    /// published rate from the services table Gureum.Aws reads too (reads and writes may be separate buckets).</summary>
    public (double RequestsPerSecond, int Burst) PublishedRate(string service, bool isWrite)
    {
        var rate = AwsServiceCatalog.BySigningName(service)?.RateFor(isWrite) ?? new CatalogRate(10, 20);
        return (rate.RequestsPerSecond, rate.Burst);
    }

    internal bool ShouldThrottle(string service, bool isWrite)
    {
        var faults = For(service);
        if (!faults.Throttle)
            return false;
        var (rate, burst) = PublishedRate(service, isWrite);
        var bucketKey = service + "/" + (AwsServiceCatalog.BySigningName(service)?.BucketFor(isWrite) ?? "all");
        var bucket = _buckets.GetOrAdd(bucketKey,
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
