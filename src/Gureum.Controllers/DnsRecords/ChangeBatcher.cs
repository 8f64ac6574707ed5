using Gureum.Aws.Errors;
using Gureum.Aws.Route53;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.DnsRecords;

/// <summary>
/// Coalesces the changes of every DnsRecord of one zone reconciled at about the same time into as
/// few ChangeResourceRecordSets calls as Route53's limits allow: submissions are collected for a
/// short window (or until a batch is full), then sent; each submitter gets the ChangeInfo of the
/// batch that carried its changes. Route53 rejects a whole batch for one bad change, so a rejected
/// batch is re-observed: groups already applied (a retried write whose first response was lost)
/// succeed without a change id, the rest are split and resubmitted until the offender stands alone.
/// </summary>
internal sealed class ChangeBatcher(IRoute53Client route53, ZoneRecords records, TimeProvider time, TimeSpan window, Action<ChangeInfo>? sent = null)
{
    private readonly Lock _lock = new();
    private List<Pending> _pending = [];
    private int _pendingElements;
    private bool _flushScheduled;

    private sealed record Pending(ChangeGroup Group, TaskCompletionSource<ChangeInfo?> Completion);

    /// <summary>Null when the changes were found already applied (no change id to report).</summary>
    public Task<ChangeInfo?> SubmitAsync(ChangeGroup group, CancellationToken cancellationToken)
    {
        var pending = new Pending(group, new TaskCompletionSource<ChangeInfo?>(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Pending>? full = null;
        lock (_lock)
        {
            _pending.Add(pending);
            _pendingElements += group.Elements;
            if (_pendingElements >= ChangeBatches.MaxElements)
                full = TakeAll();
            else if (!_flushScheduled)
            {
                _flushScheduled = true;
                _ = FlushLaterAsync();
            }
        }
        if (full is not null)
            _ = SendAllAsync(full);
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private List<Pending> TakeAll()
    {
        var taken = _pending;
        _pending = [];
        _pendingElements = 0;
        return taken;
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(window, time);
        List<Pending> taken;
        lock (_lock)
        {
            _flushScheduled = false;
            taken = TakeAll();
        }
        await SendAllAsync(taken);
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
