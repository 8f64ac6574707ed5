namespace Gureum.Runtime.Status;

/// <summary>What the runtime needs to know of a status condition; the API's Condition record implements it.</summary>
public interface ICondition<TSelf>
    where TSelf : ICondition<TSelf>
{
    string Type { get; }

    /// <summary>"True", "False" or "Unknown".</summary>
    string Status { get; }

    DateTime? LastTransitionTime { get; }

    TSelf WithLastTransitionTime(DateTime lastTransitionTime);
}

/// <summary>Pure condition bookkeeping, kstatus style.</summary>
public static class Conditions
{
    /// <summary>
    /// <paramref name="existing"/> with <paramref name="desired"/> put in place of the condition
    /// of the same type. <c>lastTransitionTime</c> is kept unless the status flips (or the
    /// condition is new), so re-asserting a condition never looks like a change.
    /// </summary>
    public static IReadOnlyList<TCondition> Set<TCondition>(
        IEnumerable<TCondition>? existing, TCondition desired, DateTimeOffset now)
        where TCondition : ICondition<TCondition>
    {
        var list = existing?.ToList() ?? [];
        var index = list.FindIndex(condition => condition.Type == desired.Type);
        if (index < 0)
        {
            list.Add(desired.WithLastTransitionTime(now.UtcDateTime));
            return list;
        }

        var current = list[index];
        var transition = current.Status == desired.Status && current.LastTransitionTime is { } kept
            ? kept
            : now.UtcDateTime;
        list[index] = desired.WithLastTransitionTime(transition);
        return list;
    }

    /// <summary>Sets each of <paramref name="desired"/> in turn.</summary>
    public static IReadOnlyList<TCondition> SetAll<TCondition>(
        IEnumerable<TCondition>? existing, IEnumerable<TCondition> desired, DateTimeOffset now)
        where TCondition : ICondition<TCondition> =>
        desired.Aggregate(existing?.ToList() ?? [], (list, condition) => [.. Set(list, condition, now)]);

    public static TCondition? Find<TCondition>(IEnumerable<TCondition>? conditions, string type)
        where TCondition : ICondition<TCondition> =>
        conditions is null ? default : conditions.FirstOrDefault(condition => condition.Type == type);

    public static bool IsTrue<TCondition>(IEnumerable<TCondition>? conditions, string type)
        where TCondition : ICondition<TCondition> =>
        Find(conditions, type) is { Status: "True" };
}
