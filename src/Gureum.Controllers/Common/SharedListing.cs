using Gureum.Aws.Errors;

namespace Gureum.Controllers.Common;

/// <summary>
/// One listing of everything of a sort (every load balancer in the region, say) shared by every pass that needs
/// it: reused while younger than <c>freshness</c>, and callers that ask while it is being read wait for that
/// read instead of making their own. For questions whose answer may be that old: finding what an interrupted
/// operation left behind, which a later pass finds as well, and which the act step tolerates being gone; or
/// confirming that nothing changed, where any difference seen sends the pass to fresh per-resource reads.
/// <typeparamref name="T"/> is the listing as the callers use it (a list, or an index built once per read).
/// </summary>
public sealed class SharedListing<T>(Func<CancellationToken, Task<T>> list, TimeSpan freshness, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<T>? _current;
    private DateTimeOffset _startedAt;
    private DateTimeOffset _refusedUntil = DateTimeOffset.MinValue;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        Task<T> listing;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_current is null || _current.IsFaulted || _current.IsCanceled || now - _startedAt >= freshness)
            {
                // Not tied to this caller's token: others wait for the same read.
                _current = list(CancellationToken.None);
                _startedAt = now;
            }
            listing = _current;
        }
        return await listing.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// For callers that can do without it (reading their own resource instead): the listing, or default when it
    /// cannot be had. Busy (throttled, failing) it is tried again by the next caller; refused (denied by the
    /// operator's policy, or an operation an AWS look-alike does not offer) it is not asked for again until
    /// <paramref name="refusedFor"/> has passed, so a missing permission costs one refused call a period.
    /// </summary>
    public async Task<T?> TryGetAsync(TimeSpan refusedFor, CancellationToken cancellationToken)
    {
        lock (_lock)
            if (time.GetUtcNow() < _refusedUntil)
                return default;
        try
        {
            return await GetAsync(cancellationToken);
        }
        catch (AwsException busy) when (busy.IsRetryable)
        {
            return default;
        }
        catch (AwsException)
        {
            lock (_lock)
                _refusedUntil = time.GetUtcNow() + refusedFor;
            return default;
        }
    }
}
