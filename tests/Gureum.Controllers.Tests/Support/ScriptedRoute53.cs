using Gureum.Aws.Route53;

namespace Gureum.Controllers.Tests.Support;

/// <summary>
/// A Route53 whose GetChange and listing answers the test releases by hand, counting calls:
/// for proving what is shared and what is asked again; change batches are recorded (and held on request).
/// Other operations are not used.
/// </summary>
internal sealed class ScriptedRoute53 : IRoute53Client
{
    private TaskCompletionSource<ChangeStatus> _change = NewGate<ChangeStatus>();
    private TaskCompletionSource<IReadOnlyList<ResourceRecordSet>> _listing = NewGate<IReadOnlyList<ResourceRecordSet>>();
    private readonly List<IReadOnlyList<RecordChange>> _batches = [];
    private TaskCompletionSource<bool>? _changesHeld;
    private int _getChangeCalls;
    private int _listCalls;

    public int GetChangeCalls => Volatile.Read(ref _getChangeCalls);
    public int ListCalls => Volatile.Read(ref _listCalls);

    /// <summary>Answers the GetChange calls made so far (and later ones until the next reset).</summary>
    public void AnswerChange(ChangeStatus status) => _change.TrySetResult(status);

    public void ResetChange() => _change = NewGate<ChangeStatus>();

    public void AnswerListing(params ResourceRecordSet[] sets) => _listing.TrySetResult(sets);

    public void ResetListing() => _listing = NewGate<IReadOnlyList<ResourceRecordSet>>();

    public async Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _getChangeCalls);
        var status = await _change.Task.WaitAsync(cancellationToken);
        return new ChangeInfo(changeId, status, DateTimeOffset.UnixEpoch, null);
    }

    public async Task<IReadOnlyList<ResourceRecordSet>> ListAllResourceRecordSetsAsync(string hostedZoneId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCalls);
        return await _listing.Task.WaitAsync(cancellationToken);
    }

    public Task<HostedZonePage> ListHostedZonesByNameAsync(string? dnsName, string? hostedZoneId, int maxItems, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<HostedZone>> FindHostedZonesAsync(string zoneName, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<HostedZoneDetails> GetHostedZoneAsync(string hostedZoneId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<ResourceRecordSetPage> ListResourceRecordSetsAsync(string hostedZoneId, RecordSetCursor? start, int maxItems, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    /// <summary>The change batches received, in order; each is answered PENDING with id C1, C2, ... unless held.</summary>
    public IReadOnlyList<IReadOnlyList<RecordChange>> Batches
    {
        get
        {
            lock (_batches)
                return [.. _batches];
        }
    }

    /// <summary>Change batches wait for <see cref="ReleaseChanges"/> from now on.</summary>
    public void HoldChanges() => _changesHeld = NewGate<bool>();

    /// <summary>Answers the held change batches (and later ones).</summary>
    public void ReleaseChanges() => _changesHeld?.TrySetResult(true);

    public async Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken)
    {
        int number;
        lock (_batches)
        {
            _batches.Add(changes);
            number = _batches.Count;
        }
        if (_changesHeld is { } held)
            await held.Task.WaitAsync(cancellationToken);
        return new ChangeInfo($"C{number}", ChangeStatus.Pending, DateTimeOffset.UnixEpoch, comment);
    }

    private static TaskCompletionSource<T> NewGate<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
