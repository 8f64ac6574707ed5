namespace Gureum.Benchmarks.Reporting;

/// <summary>Percentiles of a set of measured latencies (nearest-rank).</summary>
internal sealed class Latencies(IEnumerable<TimeSpan> samples)
{
    private readonly double[] _sortedMs = samples.Select(s => s.TotalMilliseconds).Order().ToArray();

    public int Count => _sortedMs.Length;

    public double MeanMs => _sortedMs.Length == 0 ? double.NaN : _sortedMs.Average();

    public double PercentileMs(double percentile)
    {
        if (_sortedMs.Length == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * _sortedMs.Length);
        return _sortedMs[Math.Clamp(rank - 1, 0, _sortedMs.Length - 1)];
    }
}
