using Gureum.Api.V1Alpha1;

namespace Gureum.Runtime.Status;

/// <summary>Pure condition bookkeeping, kstatus style, over the API's <see cref="Condition"/>.</summary>
public static class Conditions
{
    /// <summary>
    /// <paramref name="existing"/> with <paramref name="desired"/> put in place of the condition
    /// of the same type. <c>lastTransitionTime</c> is kept unless the status flips (or the
    /// condition is new), so re-asserting a condition never looks like a change.
    /// (<see cref="StatusWriter"/> stamps each condition's observedGeneration.)
    /// </summary>
    public static IReadOnlyList<Condition> Set(IEnumerable<Condition>? existing, Condition desired, DateTimeOffset now)
    {
        var list = existing?.ToList() ?? [];
        var index = list.FindIndex(condition => condition.Type == desired.Type);
        if (index < 0)
        {
            list.Add(desired with { LastTransitionTime = now.UtcDateTime });
            return list;
        }

        var current = list[index];
        var transition = current.Status == desired.Status && current.LastTransitionTime is { } kept
            ? kept
            : now.UtcDateTime;
        list[index] = desired with { LastTransitionTime = transition };
        return list;
    }

    /// <summary>Sets each of <paramref name="desired"/> in turn.</summary>
    public static IReadOnlyList<Condition> SetAll(IEnumerable<Condition>? existing, IEnumerable<Condition> desired, DateTimeOffset now) =>
        desired.Aggregate<Condition, IReadOnlyList<Condition>>(existing?.ToList() ?? [], (list, condition) => Set(list, condition, now));

    public static Condition? Find(IEnumerable<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(condition => condition.Type == type);

    public static bool IsTrue(IEnumerable<Condition>? conditions, string type) =>
        Find(conditions, type) is { Status: ConditionStatus.True };
}
