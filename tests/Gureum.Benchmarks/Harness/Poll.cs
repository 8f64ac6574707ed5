namespace Gureum.Benchmarks.Harness;

/// <summary>Polls a condition until it holds or a deadline passes; the deadline bounds every wait.</summary>
internal static class Poll
{
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, TimeSpan.FromMilliseconds(20), cancellationToken);

    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            if (await condition())
                return true;
            if (TimeProvider.System.GetTimestamp() >= deadline)
                return false;
            await Task.Delay(interval, cancellationToken);
        }
    }
}
