using System.Collections.Concurrent;
using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>Asks GetChange whether a change is INSYNC; one answer serves every record of the same batch for a moment.</summary>
internal sealed class ChangeTracker(IRoute53Client route53, TimeProvider time, TimeSpan reuseFor)
{
    private const int MaxRemembered = 4096;
    private readonly ConcurrentDictionary<string, (ChangeInfo Info, DateTimeOffset At)> _known = new(StringComparer.Ordinal);

    public async Task<ChangeStatus> StatusAsync(string changeId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(changeId, out var known) && (known.Info.Status == ChangeStatus.InSync || now - known.At < reuseFor))
            return known.Info.Status;
        var info = await route53.GetChangeAsync(changeId, cancellationToken);
        if (_known.Count >= MaxRemembered)
            _known.Clear();
        _known[changeId] = (info, now);
        return info.Status;
    }
}
