using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class PassOutcomeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Condition Of(IEnumerable<Condition> conditions, string type) => conditions.Single(c => c.Type == type);

    [Theory]
    [InlineData(PassState.Ready, ConditionTypes.Ready)]
    [InlineData(PassState.Progressing, ConditionTypes.Reconciling)]
    [InlineData(PassState.Stalled, ConditionTypes.Stalled)]
    public void Exactly_the_state_s_condition_is_True_and_each_condition_has_its_own_message(PassState state, string trueType)
    {
        var conditions = new PassOutcome(state, "Why", "the story") { DriftVerdict = DriftVerdict.Clear }.Conditions(null);

        Assert.Equal([trueType], conditions.Where(c => c.Status == ConditionStatus.True).Select(c => c.Type));
        // Ready and the True condition tell the pass's story; the others say their own thing.
        Assert.All(conditions.Where(c => c.Type != ConditionTypes.Ready && c.Status != ConditionStatus.True),
            c => Assert.NotEqual("the story", c.Message));
    }

    [Fact]
    public void An_invalid_spec_does_not_claim_AWS_matches()
    {
        var conditions = PassOutcome.Stalled(ConditionReasons.InvalidSpec, "spec.ttl: bad") with { DriftVerdict = DriftVerdict.NotCompared };

        var drifted = Of(conditions.Conditions(null), ConditionTypes.Drifted);

        Assert.Equal(ConditionStatus.Unknown, drifted.Status);
        Assert.DoesNotContain("matches", drifted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_edit_leaves_Drifted_as_it_was()
    {
        var before = new Condition { Type = ConditionTypes.Drifted, Status = ConditionStatus.True, Reason = ConditionReasons.DriftDetected, Message = "x" };

        var drifted = Of(new PassOutcome(PassState.Progressing, ConditionReasons.Updating, "updating") { DriftVerdict = DriftVerdict.Unchanged }.Conditions(before), ConditionTypes.Drifted);

        Assert.Equal(before, drifted);
    }

    [Fact]
    public void LastTransitionTime_moves_only_when_a_status_flips()
    {
        var first = PassOutcome.Merge(null, new PassOutcome(PassState.Ready, "A", "m").Conditions(null), 1, T0);
        var again = PassOutcome.Merge(first, new PassOutcome(PassState.Ready, "B", "other").Conditions(null), 2, T0.AddMinutes(1));
        var flipped = PassOutcome.Merge(again, PassOutcome.Stalled("C", "m").Conditions(null), 3, T0.AddMinutes(2));

        Assert.Equal(T0.UtcDateTime, Of(again, ConditionTypes.Ready).LastTransitionTime);
        Assert.Equal("B", Of(again, ConditionTypes.Ready).Reason);
        Assert.Equal(T0.AddMinutes(2).UtcDateTime, Of(flipped, ConditionTypes.Ready).LastTransitionTime);
        Assert.Equal(3, Of(flipped, ConditionTypes.Stalled).ObservedGeneration);
    }
}
