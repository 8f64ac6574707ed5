using Gureum.Aws.Errors;
using Gureum.Aws.Route53;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.DnsRecords;

/// <summary>
/// When a zone's batcher sends: a batch goes once no submission arrived for <see cref="Quiet"/> (no
/// more are coming) or once its first submission has waited <see cref="MaxHold"/>, whichever comes
/// first; a full batch (Route53's limits) goes at once; and while an earlier batch of the zone is
/// unanswered the next one keeps collecting. The window thus adapts to load: one record alone waits
/// <see cref="Quiet"/>, a burst is carried in as few batches as the hold allows, and when Route53 is
/// slow or throttling (the call waits in the client's token bucket) the batches grow instead of the
/// calls multiplying.
/// </summary>
internal sealed record BatchTiming(TimeSpan Quiet, TimeSpan MaxHold)
{
    /// <summary>Pure: how long a batch whose first and last submissions came at these times still waits; zero or less: send now.</summary>
    public TimeSpan WaitFor(DateTimeOffset first, DateTimeOffset last, DateTimeOffset now)
    {
        var quietEnds = last + Quiet;
        var holdEnds = first + (MaxHold > Quiet ? MaxHold : Quiet);
        return (quietEnds < holdEnds ? quietEnds : holdEnds) - now;
    }
}

/// <summary>
/// Coalesces the changes of every DnsRecord of one zone reconciled at about the same time into as
/// few ChangeResourceRecordSets calls as Route53's limits allow: submissions are collected as
/// <see cref="BatchTiming"/> says (or until a batch is full), then sent; each submitter gets the
/// ChangeInfo of the batch that carried its changes. Route53 rejects a whole batch for one bad change,
/// so a rejected batch is re-observed: groups already applied (a retried write whose first response
/// was lost) succeed without a change id, the rest are split and resubmitted until the offender
/// stands alone.
/// </summary>
internal sealed class ChangeBatcher(IRoute53Client route53, ZoneRecords records, TimeProvider time, BatchTiming timing, Action<ChangeInfo>? sent = null)
{
    private readonly Lock _lock = new();
    private List<Pending> _pending = [];
    private int _pendingElements;
    private DateTimeOffset _firstAt;
    private DateTimeOffset _lastAt;
    private bool _timerScheduled;
    private ITimer? _timer;
    // Batches sent on time (not for being full) and not answered yet: while one is, the next collects.
    private int _inFlight;

    private sealed record Pending(ChangeGroup Group, TaskCompletionSource<ChangeInfo?> Completion);

    /// <summary>Null when the changes were found already applied (no change id to report).</summary>
    public Task<ChangeInfo?> SubmitAsync(ChangeGroup group, CancellationToken cancellationToken)
    {
        var pending = new Pending(group, new TaskCompletionSource<ChangeInfo?>(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Pending>? full = null;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_pending.Count == 0)
                _firstAt = now;
            _lastAt = now;
            _pending.Add(pending);
            _pendingElements += group.Elements;
            if (_pendingElements >= ChangeBatches.MaxElements)
                full = TakeAll();
            else if (!_timerScheduled && _inFlight == 0)
                ScheduleLocked(timing.Quiet);
        }
        // A full batch waits for nothing: holding it would only delay records that cannot share it.
        if (full is not null)
            _ = SendAllAsync(full);
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Submissions waiting for their batch (for tests and diagnostics).</summary>
    internal int Waiting
    {
        get
        {
            lock (_lock)
                return _pending.Count;
        }
    }

    private List<Pending> TakeAll()
    {
        var taken = _pending;
        _pending = [];
        _pendingElements = 0;
        return taken;
    }

    private void ScheduleLocked(TimeSpan delay)
    {
        _timerScheduled = true;
        // One timer per zone, re-armed: its callback decides (send or wait on) under the lock.
        _timer ??= time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_lock)
            _timerScheduled = false;
        _ = SendIfDueAsync();
    }

    /// <summary>Sends what waits if its time has come and nothing of the zone is in flight; otherwise waits on.</summary>
    private async Task SendIfDueAsync()
    {
        List<Pending> taken;
        lock (_lock)
        {
            if (_pending.Count == 0 || _inFlight > 0 || _timerScheduled)
                return;
            var wait = timing.WaitFor(_firstAt, _lastAt, time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                ScheduleLocked(wait);
                return;
            }
            taken = TakeAll();
            _inFlight++;
        }
        try
        {
            await SendAllAsync(taken);
        }
        finally
        {
            lock (_lock)
                _inFlight--;
        }
        // What collected meanwhile has waited already: it goes as soon as its own timing allows.
        await SendIfDueAsync();
    }

    private Task SendAllAsync(List<Pending> items) =>
        items.Count == 0
            ? Task.CompletedTask
            : Task.WhenAll(ChangeBatches.Split(items, item => item.Group).Select(batch => SendAsync([.. batch])));

    private async Task SendAsync(IReadOnlyList<Pending> batch)
    {
        var changes = batch.SelectMany(item => item.Group.Changes).ToList();
        try
        {
            // The batch belongs to many reconciles: none of their tokens may cancel it half-way.
            var info = await route53.ChangeResourceRecordSetsAsync(records.HostedZoneId, changes, "gureum", CancellationToken.None);
            records.Apply(changes);
            sent?.Invoke(info);
            foreach (var item in batch)
                item.Completion.TrySetResult(info);
        }
        catch (AwsException rejected) when (IsRejectedBatch(rejected))
        {
            records.Invalidate();
            await ResubmitAsync(batch, rejected);
        }
        catch (Exception exception)
        {
            records.Invalidate();
            foreach (var item in batch)
                item.Completion.TrySetException(exception);
        }
    }

    private async Task ResubmitAsync(IReadOnlyList<Pending> batch, AwsException rejected)
    {
        try
        {
            await records.ObserveAsync(forceRefresh: true, CancellationToken.None);
        }
        catch (Exception exception)
        {
            foreach (var item in batch)
                item.Completion.TrySetException(exception);
            return;
        }
        var remaining = new List<Pending>();
        foreach (var item in batch)
        {
            if (IsApplied(item.Group))
                item.Completion.TrySetResult(null);
            else
                remaining.Add(item);
        }
        if (remaining.Count == 0)
            return;
        if (remaining.Count == 1)
        {
            var item = remaining[0];
            item.Completion.TrySetException(PlannedOnStaleView(item.Group)
                ? new StaleZoneViewException(rejected)
                : rejected);
            return;
        }
        if (remaining.Count < batch.Count)
        {
            await SendAsync(remaining);
            return;
        }
        var half = remaining.Count / 2;
        await Task.WhenAll(SendAsync(remaining[..half]), SendAsync(remaining[half..]));
    }

    /// <summary>Route53 rejects the whole batch for one bad change: InvalidChangeBatch for a change that
    /// conflicts with the zone, InvalidInput for a malformed change or an oversized batch. Either is
    /// worth splitting to find the submitter at fault.</summary>
    internal static bool IsRejectedBatch(AwsException exception) =>
        exception is { Kind: AwsErrorKind.Invalid, Code: "InvalidChangeBatch" or "InvalidInput" };

    /// <summary>
    /// The change was planned on a listing the zone no longer matches (a CREATE of a set that now
    /// exists, a DELETE of one that is gone or changed): the submitter must observe and plan again,
    /// which is a retry, not a terminal error in its spec.
    /// </summary>
    private bool PlannedOnStaleView(ChangeGroup group) => group.Changes.Any(change =>
    {
        var found = records.Find(RecordKey.Of(change.RecordSet));
        return change.Action switch
        {
            ChangeAction.Create => found is not null,
            ChangeAction.Delete => found is null || !RecordComparer.Matches(change.RecordSet, found),
            _ => false,
        };
    });

    private bool IsApplied(ChangeGroup group) => group.Changes.All(change =>
    {
        var found = records.Find(RecordKey.Of(change.RecordSet));
        return change.Action == ChangeAction.Delete ? found is null : found is not null && RecordComparer.Matches(change.RecordSet, found);
    });
}

/// <summary>A change Route53 refused because the zone changed after it was read; retried after a fresh look.</summary>
internal sealed class StaleZoneViewException(AwsException rejected)
    : ExpectedRetryException($"the zone changed since it was read ({rejected.AwsMessage}); reading it again", rejected);
