using System.Net;
using Gureum.Aws.Errors;
using Gureum.Controllers.Common;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class SharedListingTests
{
    [Fact]
    public async Task Callers_share_one_read_until_it_is_older_than_the_freshness()
    {
        var time = new FakeTimeProvider();
        var reads = 0;
        var listing = new SharedListing<IReadOnlyList<int>>(_ => Task.FromResult<IReadOnlyList<int>>([Interlocked.Increment(ref reads)]), TimeSpan.FromSeconds(60), time);

        Assert.Equal([1], await listing.GetAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal([1], await listing.GetAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([2], await listing.GetAsync(CancellationToken.None));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Callers_during_a_read_wait_for_it_and_a_failed_read_is_not_reused()
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource<IReadOnlyList<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        var listing = new SharedListing<IReadOnlyList<int>>(_ => Interlocked.Increment(ref reads) == 1 ? gate.Task : Task.FromResult<IReadOnlyList<int>>([7]), TimeSpan.FromSeconds(60), time);

        var first = listing.GetAsync(CancellationToken.None);
        var second = listing.GetAsync(CancellationToken.None);
        Assert.Equal(1, reads);
        gate.SetException(new InvalidOperationException("throttled"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);

        Assert.Equal([7], await listing.GetAsync(CancellationToken.None));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task TryGet_does_without_a_busy_listing_and_stops_asking_for_a_refused_one_for_the_period()
    {
        var time = new FakeTimeProvider();
        var reads = 0;
        Exception? failure = null;
        var listing = new SharedListing<IReadOnlyList<int>>(_ =>
        {
            reads++;
            return failure is null ? Task.FromResult<IReadOnlyList<int>>([reads]) : Task.FromException<IReadOnlyList<int>>(failure);
        }, TimeSpan.Zero, time);
        var period = TimeSpan.FromMinutes(10);

        failure = AwsException.Create("Throttling", "Rate exceeded", null, HttpStatusCode.BadRequest);
        Assert.Null(await listing.TryGetAsync(period, CancellationToken.None));
        Assert.Null(await listing.TryGetAsync(period, CancellationToken.None));
        Assert.Equal(2, reads);

        failure = AwsException.Create("AccessDenied", "not authorized to perform iam:GetAccountAuthorizationDetails", null, HttpStatusCode.Forbidden);
        Assert.Null(await listing.TryGetAsync(period, CancellationToken.None));
        failure = null;
        time.Advance(period - TimeSpan.FromSeconds(1));
        Assert.Null(await listing.TryGetAsync(period, CancellationToken.None));
        Assert.Equal(3, reads);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([4], await listing.TryGetAsync(period, CancellationToken.None));
    }
}
