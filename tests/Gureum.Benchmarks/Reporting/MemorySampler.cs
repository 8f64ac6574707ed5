using System.Diagnostics;

namespace Gureum.Benchmarks.Reporting;

/// <summary>Samples managed heap size and working set in the background and keeps the peaks.
/// The whole process is measured: in-process servers (sandbox, emulator) are included.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakManaged;
    private long _peakWorkingSet;

    public MemorySampler(TimeSpan interval)
    {
        Sample();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                    Sample();
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);

    private void Sample()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        using var process = Process.GetCurrentProcess();
        var workingSet = process.WorkingSet64;
        InterlockedMax(ref _peakManaged, managed);
        InterlockedMax(ref _peakWorkingSet, workingSet);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) &&
               Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        _stop.Dispose();
    }
}

internal static class Bytes
{
    public const double PerMiB = 1024 * 1024;

    /// <summary>Managed heap after a full, compacting collection: what is really alive.</summary>
    public static long LiveManaged()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
