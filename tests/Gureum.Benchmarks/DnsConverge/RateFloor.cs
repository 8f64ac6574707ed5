using Gureum.Aws.Route53;

namespace Gureum.Benchmarks.DnsConverge;

/// <summary>
/// The least time Route53's rate limit allows for a job of <see cref="MinimumCalls"/> requests, each
/// paid at the sustained rate: calls / rate. The one floor the benchmark reports; its ratio is
/// converge time / <see cref="Time"/>. (The bucket's burst is left out on purpose: with it, any
/// job of 50 calls or fewer would have a floor of 0 s and no ratio at all.)
/// </summary>
internal sealed record RateFloor(int ChangeBatches, int MinimumCalls, double Rate)
{
    public TimeSpan Time => TimeSpan.FromSeconds(MinimumCalls / Rate);

    /// <summary>Pure: how many times the floor <paramref name="converged"/> took.</summary>
    public double RatioOf(TimeSpan converged) => converged / Time;

    public const int MaxElementsPerChange = 1000;
    public const int MaxCharactersPerChange = 32_000;

    /// <summary>
    /// Pure. The fewest requests that can converge an empty zone to <paramref name="recordSets"/>: one
    /// ListHostedZonesByName to find the zone, one ListResourceRecordSets page per 300 sets already
    /// there, the CREATE batches (packed greedily under Route53's 1,000 ResourceRecord elements and
    /// 32,000 value characters per ChangeResourceRecordSets), and one GetChange per batch to see it INSYNC.
    /// </summary>
    public static RateFloor For(IReadOnlyList<ResourceRecordSet> recordSets, int existingBeforeJob, double rate)
    {
        var batches = CreateBatches(recordSets);
        var listings = Math.Max(1, (existingBeforeJob + 299) / 300);
        return new RateFloor(batches, 1 + listings + 2 * batches, rate);
    }

    /// <summary>Pure. The fewest requests if every record set were written by its own change (no batching): what batching saves, in calls.</summary>
    public static int UnbatchedCalls(int recordSets, int existingBeforeJob) => 1 + Math.Max(1, (existingBeforeJob + 299) / 300) + 2 * recordSets;

    internal static int CreateBatches(IReadOnlyList<ResourceRecordSet> recordSets)
    {
        var batches = 0;
        int elements = 0, characters = 0;
        foreach (var set in recordSets)
        {
            var e = Math.Max(1, set.Values.Count);
            var c = set.Values.Sum(v => v.Length);
            if (batches == 0 || elements + e > MaxElementsPerChange || characters + c > MaxCharactersPerChange)
            {
                batches++;
                elements = characters = 0;
            }
            elements += e;
            characters += c;
        }
        return batches;
    }
}
