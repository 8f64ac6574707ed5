using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>
/// Follows change ids for every record at once: a batch's change is shared by all the records it
/// carried, so one GetChange answers them all. An INSYNC answer is final and kept; a PENDING one
/// is reused for <paramref name="reuseFor"/>; concurrent askers of the same id share one call.
/// The answer of ChangeResourceRecordSets itself counts as the first poll.
/// </summary>
internal sealed class ChangeTracker(IRoute53Client route53, TimeProvider time, TimeSpan reuseFor)
{
    private const int MaxRemembered = 4096;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _known = new(StringComparer.Ordinal);

    private sealed record Entry(ChangeStatus Status, DateTimeOffset At, Task<ChangeStatus>? Polling);

    /// <summary>What Route53 answered when the change was submitted: no GetChange needed before it may have moved on.</summary>
    public void Remember(ChangeInfo info)
    {
        lock (_lock)
        {
            MakeRoom();
            if (!_known.TryGetValue(info.Id, out var known) || known.Status != ChangeStatus.InSync)
                _known[info.Id] = new Entry(info.Status, time.GetUtcNow(), known?.Polling);
        }
    }

    public async Task<ChangeStatus> StatusAsync(string changeId, CancellationToken cancellationToken)
    {
        Task<ChangeStatus> polling;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _known.TryGetValue(changeId, out var known);
            if (known is not null && (known.Status == ChangeStatus.InSync || now - known.At < reuseFor))
                return known.Status;
            if (known?.Polling is { } shared)
                polling = shared;
            else
            {
                MakeRoom();
                // Shared by every record of the batch: no single caller's token may cancel it.
                polling = PollAsync(changeId);
                _known[changeId] = new Entry(known?.Status ?? ChangeStatus.Pending, known?.At ?? DateTimeOffset.MinValue, polling);
            }
        }
        return await polling.WaitAsync(cancellationToken);
    }

    private async Task<ChangeStatus> PollAsync(string changeId)
    {
        await Task.Yield();
        try
        {
            var info = await route53.GetChangeAsync(changeId, CancellationToken.None);
            lock (_lock)
                _known[changeId] = new Entry(info.Status, time.GetUtcNow(), null);
            return info.Status;
        }
        catch
        {
            lock (_lock)
            {
                if (_known.TryGetValue(changeId, out var known))
                    _known[changeId] = known with { Polling = null };
            }
            throw;
        }
    }

    private void MakeRoom()
    {
        if (_known.Count < MaxRemembered)
            return;
        foreach (var (id, entry) in _known.ToList())
        {
            if (entry.Polling is null)
                _known.Remove(id);
        }
    }
}
