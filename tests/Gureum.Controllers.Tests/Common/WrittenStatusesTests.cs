using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;
using k8s.Models;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class WrittenStatusesTests
{
    private static readonly DnsRecordSpec Spec = new()
    {
        Zone = new DnsZoneSelector { Name = "example.com" }, Name = "www", Type = DnsRecordType.A, Values = ["192.0.2.1"],
    };

    [Fact]
    public void Drift_right_after_a_sync_is_drift_even_when_the_cache_still_shows_the_older_status()
    {
        var written = new WrittenStatuses();
        var meta = new V1ObjectMeta { Uid = "u1", Generation = 1 };
        var staleCache = new DnsRecordStatus { ObservedGeneration = 1, SyncedGeneration = null };
        written.Remember("u1", new DnsRecordStatus { ObservedGeneration = 1, SyncedGeneration = 1 });

        var fromCache = PassPolicy.Of(Spec, meta, staleCache);
        var fromFreshest = PassPolicy.Of(Spec, meta, written.Freshest("u1", staleCache));

        Assert.True(fromCache.SpecChangedSinceSync);      // what the stale cache alone would conclude
        Assert.False(fromFreshest.SpecChangedSinceSync);  // what the pass concludes
    }

    [Fact]
    public void A_newer_cached_status_wins_and_forgotten_objects_fall_back_to_the_cache()
    {
        var written = new WrittenStatuses();
        var cached = new DnsRecordStatus { ObservedGeneration = 3, SyncedGeneration = 2 };
        written.Remember("u1", new DnsRecordStatus { ObservedGeneration = 2, SyncedGeneration = 2 });

        Assert.Same(cached, written.Freshest("u1", cached));
        written.Forget("u1");
        Assert.Same(cached, written.Freshest("u1", cached));
        Assert.Null(written.Freshest("u2", null));
    }
}
