using System.CommandLine;
using Gureum.Operator.Cli;
using Gureum.Operator.Hosting;
using Gureum.Operator.Local;
using k8s.Exceptions;

namespace Gureum.Operator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var shutdown = new ShutdownSignal();
        var root = GureumCommandLine.Build(new CommandHandlers(
            Crds: (options, _) => Task.FromResult(CrdFiles.Write(options, Console.Out)),
            Local: (options, _) => ReportingSetupErrors(() => LocalCommand.RunAsync(options, Console.Out, shutdown.Token)),
            Run: (options, _) => ReportingSetupErrors(() => RunCommand.RunAsync(options, Console.Out, shutdown.Token))));
        // ShutdownSignal handles Ctrl-C/SIGTERM so the commands can stop gracefully and exit 0.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, shutdown.Token);
    }

    /// <summary>Missing credentials, region, kubeconfig, an unreachable cluster or a busy state folder are the user's to fix: one line, not a stack trace.</summary>
    private static async Task<int> ReportingSetupErrors(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (StartupException exception)
        {
            await Console.Error.WriteLineAsync($"gureum: {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is KubeConfigException or FileNotFoundException or HttpRequestException
                                              or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync($"gureum: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Stopped while starting up.
            return 0;
        }
    }
}
