using System.Globalization;
using System.Text.RegularExpressions;

namespace Gureum.Operator.Cli;

/// <summary>Go-style durations as Kubernetes users write them: 500ms, 60s, 5m, 1h30m.</summary>
internal static partial class Durations
{
    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    [GeneratedRegex(@"^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!Whole().IsMatch(text))
            // hh:mm:ss as well; a bare number is refused (seconds? minutes?).
            return text.Contains(':', StringComparison.Ordinal)
                && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        foreach (Match match in Part().Matches(text))
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }
        return true;
    }
}
