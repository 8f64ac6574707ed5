using Gureum.Operator.Hosting;
using Xunit;

namespace Gureum.Operator.Tests.Hosting;

public sealed class ReadinessTests
{
    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(false, true, true, true)]
    [InlineData(true, true, false, false)]  // the leader before its caches synced
    [InlineData(true, true, true, true)]
    [InlineData(true, false, false, true)]  // a standby waiting for the Lease
    public void Ready_when_synced_or_standing_by(bool leaderElect, bool isLeader, bool synced, bool ready) =>
        Assert.Equal(ready, Readiness.IsReady(leaderElect, isLeader, synced));
}
