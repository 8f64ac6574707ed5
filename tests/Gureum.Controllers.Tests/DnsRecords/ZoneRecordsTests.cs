using Gureum.Aws.Route53;
using Gureum.Controllers.DnsRecords;
using Gureum.Controllers.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class ZoneRecordsTests
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(15);
    private static readonly ResourceRecordSet Old = ResourceRecordSet.Simple("old.example.com.", "A", 300, "192.0.2.1");
    private static readonly ResourceRecordSet Written = ResourceRecordSet.Simple("new.example.com.", "A", 300, "192.0.2.2");
    private readonly ScriptedRoute53 _route53 = new();
    private readonly FakeTimeProvider _time = new();

    private ZoneRecords NewRecords() => new(_route53, "Z1", _time, Freshness);

    [Fact]
    public async Task A_write_landing_during_a_listing_is_kept_and_the_listing_stays_fresh()
    {
        var records = NewRecords();
        var observing = records.ObserveAsync(forceRefresh: false, CancellationToken.None);
        records.Apply([new RecordChange(ChangeAction.Create, Written), new RecordChange(ChangeAction.Delete, Old)]);
        _route53.AnswerListing(Old); // read before the write landed
        await observing;

        Assert.Equal(Written, records.Find(RecordKey.Of(Written)));
        Assert.Null(records.Find(RecordKey.Of(Old)));
        await records.ObserveAsync(forceRefresh: false, CancellationToken.None);
        Assert.Equal(1, _route53.ListCalls);
    }

    [Fact]
    public async Task A_write_of_unknown_outcome_during_a_listing_makes_the_next_reader_list_again()
    {
        var records = NewRecords();
        var observing = records.ObserveAsync(forceRefresh: false, CancellationToken.None);
        records.Invalidate();
        _route53.AnswerListing(Old);
        await observing;

        await records.ObserveAsync(forceRefresh: false, CancellationToken.None);
        Assert.Equal(2, _route53.ListCalls);
    }

    [Fact]
    public async Task A_listing_serves_every_reader_until_it_is_older_than_the_freshness_window()
    {
        var records = NewRecords();
        _route53.AnswerListing(Old);
        await records.ObserveAsync(forceRefresh: false, CancellationToken.None);
        _time.Advance(Freshness / 2);
        await records.ObserveWithinAsync(Freshness, CancellationToken.None);
        Assert.Equal(1, _route53.ListCalls);

        _time.Advance(Freshness);
        await records.ObserveAsync(forceRefresh: false, CancellationToken.None);
        Assert.Equal(2, _route53.ListCalls);
    }
}
