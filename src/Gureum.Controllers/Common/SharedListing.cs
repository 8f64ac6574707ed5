namespace Gureum.Controllers.Common;

/// <summary>
/// One listing of everything of a sort (every load balancer in the region, say) shared by every pass that needs
/// it: reused while younger than <c>freshness</c>, and callers that ask while it is being read wait for that
/// read instead of making their own. For questions whose answer may be that old: finding what an interrupted
/// operation left behind, which a later pass finds as well, and which the act step tolerates being gone.
/// </summary>
public sealed class SharedListing<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> list, TimeSpan freshness, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<IReadOnlyList<T>>? _current;
    private DateTimeOffset _startedAt;

    public async Task<IReadOnlyList<T>> GetAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<T>> listing;
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
}
