using Gureum.Operator.Cli;
using Xunit;

namespace Gureum.Operator.Tests.Cli;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("60s", 60_000)]
    [InlineData("500ms", 500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:02:00", 120_000)]
    public void Parses(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("60")]
    [InlineData("s")]
    [InlineData("5 minutes")]
    [InlineData("-5s")]
    [InlineData("1d")]
    public void Refuses(string text) => Assert.False(Durations.TryParse(text, out _));
}
