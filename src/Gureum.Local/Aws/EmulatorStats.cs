using System.Collections.Concurrent;
using Gureum.Local.Aws.Faults;

namespace Gureum.Local.Aws;

/// <summary>Request counts per service and operation, and faults injected; safe to read at any time.</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<(string Service, string Operation), long> _requests = new();
    private readonly ConcurrentDictionary<(string Service, FaultKind Kind), long> _faults = new();

    public long Requests(string service, string operation) => _requests.GetValueOrDefault((service, operation));

    public long Requests(string service) => _requests.Where(p => p.Key.Service == service).Sum(p => p.Value);

    public long Faults(string service, FaultKind kind) => _faults.GetValueOrDefault((service, kind));

    public IReadOnlyDictionary<(string Service, string Operation), long> RequestCounts =>
        new Dictionary<(string, string), long>(_requests);

    internal void CountRequest(string service, string operation) =>
        _requests.AddOrUpdate((service, operation), 1, (_, n) => n + 1);

    internal void CountFault(string service, FaultKind kind) =>
        _faults.AddOrUpdate((service, kind), 1, (_, n) => n + 1);
}
