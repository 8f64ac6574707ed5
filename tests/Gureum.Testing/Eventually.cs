namespace Gureum.Testing;

/// <summary>
/// Polling with a deadline for conditions reached by other threads or processes: never a fixed
/// sleep, never a timing assertion. The deadline only bounds a failing test.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    public static async Task<T> Value<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null, Func<T, string>? describe = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            var last = await probe();
            if (done(last))
                return last;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Timed out waiting until {what}; last seen:{Environment.NewLine}{(describe is null ? last?.ToString() : describe(last))}");
            await Task.Delay(50);
        }
    }

    /// <summary>The same as <see cref="Value{T}"/>, under the name whole-process tests use.</summary>
    public static Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null) =>
        Value(probe, done, what, timeout);

    public static Task True(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        Value(condition, ok => ok, what, deadline);

    public static Task True(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        True(() => Task.FromResult(condition()), what, deadline);
}
