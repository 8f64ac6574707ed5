using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class ConditionSetTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Exactly_one_of_Ready_Reconciling_Stalled_is_true_per_state()
    {
        foreach (var (state, expected) in new[]
        {
            (PassState.Ready, ConditionTypes.Ready), (PassState.Progressing, ConditionTypes.Reconciling), (PassState.Stalled, ConditionTypes.Stalled),
        })
        {
            var conditions = ConditionSet.For(state, "R", "m", ConditionSet.NotDrifted()).ToList();
            Assert.Equal([expected], conditions.Where(c => c.Status == ConditionStatus.True).Select(c => c.Type));
        }
        Assert.DoesNotContain(ConditionSet.For(PassState.Waiting, "R", "m", ConditionSet.NotDrifted()), c => c.Status == ConditionStatus.True);
    }

    [Fact]
    public void LastTransitionTime_moves_only_when_the_status_flips()
    {
        var first = ConditionSet.Merge(null, ConditionSet.For(PassState.Ready, "A", "m", ConditionSet.NotDrifted()), 1, Earlier);
        var again = ConditionSet.Merge(first, ConditionSet.For(PassState.Ready, "B", "other", ConditionSet.NotDrifted()), 2, Now);
        var flipped = ConditionSet.Merge(again, ConditionSet.For(PassState.Stalled, "C", "m", ConditionSet.NotDrifted()), 3, Now);

        DateTime? Ready(IReadOnlyList<Condition> set) => set.Single(c => c.Type == ConditionTypes.Ready).LastTransitionTime;
        Assert.Equal(Earlier.UtcDateTime, Ready(again));
        Assert.Equal("B", again.Single(c => c.Type == ConditionTypes.Ready).Reason);
        Assert.Equal(2, again.Single(c => c.Type == ConditionTypes.Ready).ObservedGeneration);
        Assert.Equal(Now.UtcDateTime, Ready(flipped));
    }
}
