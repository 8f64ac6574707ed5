using Gureum.Runtime.Status;
using Gureum.Runtime.Tests.Support;
using Xunit;

namespace Gureum.Runtime.Tests.Status;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void A_new_condition_gets_the_current_time()
    {
        var conditions = Conditions.Set(null, TestConditions.Make("Ready", "False", "Creating"), T0);

        var ready = Assert.Single(conditions);
        Assert.Equal(T0.UtcDateTime, ready.LastTransitionTime);
    }

    [Fact]
    public void Same_status_keeps_the_transition_time_even_when_reason_and_message_change()
    {
        var before = Conditions.Set(null, TestConditions.Make("Ready", "False", "Creating", "one"), T0);

        var after = Conditions.Set(before, TestConditions.Make("Ready", "False", "Updating", "two"), T1);

        var ready = Assert.Single(after);
        Assert.Equal(T0.UtcDateTime, ready.LastTransitionTime);
        Assert.Equal("Updating", ready.Reason);
        Assert.Equal("two", ready.Message);
    }

    [Fact]
    public void A_status_flip_moves_the_transition_time()
    {
        var before = Conditions.Set(null, TestConditions.Make("Ready", "False"), T0);

        var after = Conditions.Set(before, TestConditions.Make("Ready", "True", "Available"), T1);

        Assert.Equal(T1.UtcDateTime, Assert.Single(after).LastTransitionTime);
    }

    [Fact]
    public void Other_conditions_are_left_alone_and_order_is_kept()
    {
        var before = Conditions.SetAll(
            null, [TestConditions.Make("Ready", "False"), TestConditions.Make("Stalled", "False")], T0);

        var after = Conditions.Set(before, TestConditions.Make("Ready", "True"), T1);

        Assert.Equal(["Ready", "Stalled"], after.Select(condition => condition.Type));
        Assert.Equal(T0.UtcDateTime, after[1].LastTransitionTime);
        Assert.True(Conditions.IsTrue(after, "Ready"));
        Assert.False(Conditions.IsTrue(after, "Stalled"));
    }
}
