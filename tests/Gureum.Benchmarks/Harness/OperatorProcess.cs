using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gureum.Local.Aws;
using Gureum.Testing;

namespace Gureum.Benchmarks.Harness;

/// <summary>
/// <c>gureum run</c> as its own process against the in-process sandbox (a kubeconfig file) and
/// the emulator (its env file's variables), as a replica runs in a cluster; its memory and CPU are
/// read from /proc apart from the benchmark's.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "gureum run ready:";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OperatorProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it printed, for a failure message.</summary>
    public string Tail => string.Join('\n', _lines.TakeLast(30));

    /// <summary>gureum.dll of the benchmark's build configuration (the project reference builds it).</summary>
    public static string DllPath()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Release";
        var built = RepoRoot.Combine("src", "Gureum.Operator", "bin", configuration, "net10.0", "gureum.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("gureum.dll not built", built);
    }

    /// <summary>Starts <c>gureum run --kubeconfig KUBECONFIG ARGS</c> with the emulator's settings and waits until it says it is ready.</summary>
    public static async Task<OperatorProcess> StartAsync(string kubeconfig, AwsEmulator emulator, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(DllPath());
        foreach (var arg in (string[])["run", "--kubeconfig", kubeconfig, "--metrics-port", "0", .. args])
            info.ArgumentList.Add(arg);
        info.Environment["AWS_ENDPOINT_URL"] = emulator.Endpoint.ToString().TrimEnd('/');
        info.Environment["AWS_REGION"] = emulator.Region;
        info.Environment["AWS_ACCESS_KEY_ID"] = emulator.AccessKeyId;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = emulator.SecretAccessKey;
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        var started = new OperatorProcess(Process.Start(info) ?? throw new InvalidOperationException("gureum run did not start"));
        try
        {
            await started._ready.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
            return started;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            var tail = started.Tail;
            await started.DisposeAsync();
            throw new InvalidOperationException($"gureum run did not become ready:\n{tail}", exception);
        }
    }

    /// <summary>A duration as <c>gureum run</c>'s options take it: whole or fractional seconds, "30s".</summary>
    public static string Duration(TimeSpan duration) => $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";

    /// <summary>SIGKILL: nothing runs on the way out, the Lease is not released.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Resident memory now and at its peak, and CPU time used so far, from /proc.</summary>
    public ProcessUsage Usage() => ProcessUsage.Read(_process.Id);

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _ready.TrySetException(new InvalidOperationException("gureum run closed its output"));
            return;
        }
        _lines.Enqueue(line);
        while (_lines.Count > 200)
            _lines.TryDequeue(out _);
        if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>One reading of a process from /proc: VmRSS, VmHWM (peak RSS) and utime+stime.</summary>
internal sealed record ProcessUsage(long RssBytes, long PeakRssBytes, TimeSpan Cpu)
{
    /// <summary>Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux on every architecture .NET runs on).</summary>
    private const double TicksPerSecond = 100;

    public static ProcessUsage Read(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = Kilobytes(line);
        }
        // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are fields 14 and 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessUsage(rss, peak, TimeSpan.FromSeconds(ticks / TicksPerSecond));
    }

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

/// <summary>Samples a process's resident memory in the background: the mean over a window, the peak.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sum;
    private long _count;

    public RssSampler(Func<ProcessUsage> read, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    var usage = read();
                    Interlocked.Add(ref _sum, usage.RssBytes);
                    Interlocked.Increment(ref _count);
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // Stopped, or the process is gone.
            }
        });
    }

    /// <summary>Mean resident bytes since the last <see cref="Reset"/>.</summary>
    public double MeanRssBytes => Interlocked.Read(ref _count) == 0 ? double.NaN : (double)Interlocked.Read(ref _sum) / Interlocked.Read(ref _count);

    public void Reset()
    {
        Interlocked.Exchange(ref _sum, 0);
        Interlocked.Exchange(ref _count, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
