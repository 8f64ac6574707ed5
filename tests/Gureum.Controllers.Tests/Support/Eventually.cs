namespace Gureum.Controllers.Tests.Support;

/// <summary>Polling with a deadline for conditions reached by other threads over HTTP; never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static async Task<T> Value<T>(Func<Task<T?>> probe, Func<T?, bool> done, string what, TimeSpan? deadline = null, Func<T?, string>? describe = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        T? last = default;
        while (true)
        {
            last = await probe();
            if (done(last))
                return last!;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Timed out waiting until {what}; last seen: {(describe is null ? last?.ToString() : describe(last))}");
            await Task.Delay(50);
        }
    }

    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        await Value<bool>(async () => await condition(), ok => ok, what, deadline);
}
