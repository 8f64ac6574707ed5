using Gureum.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gureum.Operator.Hosting;

/// <summary>Runs the controller manager for the host's lifetime; <see cref="Completion"/> tells the command when it failed.</summary>
internal sealed partial class ControllerManagerService(ControllerManager manager, ILogger<ControllerManagerService> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public Task Completion => _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        // The manager drains in-flight reconciles within its own ShutdownTimeout.
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync()
    {
        try
        {
            await manager.RunAsync(_stopping.Token);
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            Log.Failed(logger, exception);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Critical, "The controller manager failed; stopping")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
