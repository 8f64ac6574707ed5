using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class FullReadsTests
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);
    private static readonly PassContext Resync = new(RequestedNow: false, Landed: null);

    private static DnsRecordStatus ReadyAndSynced(long generation) => new()
    {
        ObservedGeneration = generation,
        SyncedGeneration = generation,
        Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True }],
    };

    [Fact]
    public void A_ready_object_read_fully_is_not_read_fully_again_until_the_interval_has_passed()
    {
        var time = new FakeTimeProvider();
        var reads = new FullReads(time, Every);
        Assert.True(reads.Due("u1", 1, ReadyAndSynced(1), Resync)); // first pass in this process
        reads.Done("u1", 1);

        time.Advance(Every - TimeSpan.FromSeconds(1));
        Assert.False(reads.Due("u1", 1, ReadyAndSynced(1), Resync));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(reads.Due("u1", 1, ReadyAndSynced(1), Resync));
    }

    [Fact]
    public void A_new_generation_a_requested_pass_a_forgotten_object_or_one_not_ready_is_read_fully_at_once()
    {
        var time = new FakeTimeProvider();
        var reads = new FullReads(time, Every);
        reads.Done("u1", 1);

        Assert.True(reads.Due("u1", 2, ReadyAndSynced(1), Resync));
        Assert.True(reads.Due("u1", 1, ReadyAndSynced(1), Resync with { RequestedNow = true }));
        Assert.True(reads.Due("u1", 1, ReadyAndSynced(1) with { Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.False }] }, Resync));
        Assert.True(reads.Due("u1", 1, ReadyAndSynced(1) with { SyncedGeneration = null }, Resync));
        Assert.False(reads.Due("u1", 1, ReadyAndSynced(1), Resync));

        reads.Forget("u1");
        Assert.True(reads.Due("u1", 1, ReadyAndSynced(1), Resync));
    }
}
