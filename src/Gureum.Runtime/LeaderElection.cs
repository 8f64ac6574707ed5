using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace Gureum.Runtime;

/// <summary>
/// Campaigns for the Lease, runs the work while holding it, aborts the work the moment it is
/// lost, and campaigns again. On a graceful stop the Lease is released so another instance
/// takes over at once instead of waiting out the lease duration.
/// </summary>
internal sealed partial class LeaderElection(IKubernetes client, LeaderElectionOptions options, ILogger logger)
{
    public async Task RunAsync(Func<CancellationToken, CancellationToken, Task> work, CancellationToken stopping)
    {
        var leaseLock = new LeaseLock(client, options.LeaseNamespace, options.LeaseName, options.Identity);
        while (!stopping.IsCancellationRequested)
        {
            using var lost = new CancellationTokenSource();

            // The elector keeps renewing until graceful shutdown of the work has finished;
            // only then is it stopped (stopping it earlier would abort in-flight reconciles).
            using var electorStop = new CancellationTokenSource();
            Task? running = null;
            var leading = 0;
            using var stopRegistration = stopping.Register(() =>
            {
                if (Volatile.Read(ref leading) == 0)
                    electorStop.Cancel();
            });
            using (var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
            {
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
            }))
            {
                elector.OnStartedLeading += () =>
                {
                    Volatile.Write(ref leading, 1);
                    Log.Leading(logger, options.Identity, options.LeaseName);
                    running = Task.Run(
                        async () =>
                        {
                            try
                            {
                                await work(stopping, lost.Token);
                            }
                            finally
                            {
                                await electorStop.CancelAsync();
                            }
                        },
                        CancellationToken.None);
                };
                elector.OnStoppedLeading += () =>
                {
                    if (!stopping.IsCancellationRequested)
                        Log.Lost(logger, options.Identity, options.LeaseName);
                    lost.Cancel();
                };
                try
                {
                    await elector.RunUntilLeadershipLostAsync(electorStop.Token);
                }
                catch (OperationCanceledException) when (electorStop.IsCancellationRequested)
                {
                }
            }

            lost.Cancel();
            if (running is not null)
            {
                await running;
                if (stopping.IsCancellationRequested)
                    await ReleaseAsync(leaseLock);
            }
        }
    }

    private async Task ReleaseAsync(LeaseLock leaseLock)
    {
        try
        {
            // Bounded on purpose: the process is stopping, this is a courtesy to the next leader.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var record = await leaseLock.GetAsync(timeout.Token);
            if (record.HolderIdentity != options.Identity)
                return;
            record.HolderIdentity = "";
            await leaseLock.UpdateAsync(record, timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.ReleaseFailed(logger, exception, options.LeaseName);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "{Identity} became leader on Lease {Lease}")]
        public static partial void Leading(ILogger logger, string identity, string lease);

        [LoggerMessage(21, LogLevel.Warning, "{Identity} lost Lease {Lease}; all reconciles cancelled")]
        public static partial void Lost(ILogger logger, string identity, string lease);

        [LoggerMessage(22, LogLevel.Warning, "Could not release Lease {Lease}")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception, string lease);
    }
}
