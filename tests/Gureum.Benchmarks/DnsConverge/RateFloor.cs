using Gureum.Aws.Route53;

namespace Gureum.Benchmarks.DnsConverge;

/// <summary>The least time Route53's rate limit allows for a job of <see cref="MinimumCalls"/> requests.</summary>
internal sealed record RateFloor(int ChangeBatches, int MinimumCalls, double Rate, int Burst)
{
    /// <summary>Every call paid at the sustained rate: calls / rate.</summary>
    public TimeSpan Sustained => TimeSpan.FromSeconds(MinimumCalls / Rate);

    /// <summary>The first <see cref="Burst"/> calls are free (a full bucket): max(0, calls - burst) / rate.</summary>
    public TimeSpan BurstAdjusted => TimeSpan.FromSeconds(Math.Max(0, MinimumCalls - Burst) / Rate);

    public const int MaxElementsPerChange = 1000;
    public const int MaxCharactersPerChange = 32_000;

    /// <summary>
    /// Pure. The fewest requests that can converge an empty zone to <paramref name="recordSets"/>: one
    /// ListHostedZonesByName to find the zone, one ListResourceRecordSets page per 300 sets already
    /// there, the CREATE batches (packed greedily under Route53's 1,000 ResourceRecord elements and
    /// 32,000 value characters per ChangeResourceRecordSets), and one GetChange per batch to see it INSYNC.
    /// </summary>
    public static RateFloor For(IReadOnlyList<ResourceRecordSet> recordSets, int existingBeforeJob, double rate, int burst)
    {
        var batches = CreateBatches(recordSets);
        var listings = Math.Max(1, (existingBeforeJob + 299) / 300);
        return new RateFloor(batches, 1 + listings + 2 * batches, rate, burst);
    }

    /// <summary>Pure. The floor if every record set were written by its own request (no batching): for comparison.</summary>
    public static RateFloor Unbatched(int recordSets, int existingBeforeJob, double rate, int burst)
    {
        var listings = Math.Max(1, (existingBeforeJob + 299) / 300);
        return new RateFloor(recordSets, 1 + listings + 2 * recordSets, rate, burst);
    }

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
