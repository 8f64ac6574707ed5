using System.CommandLine;
using Gureum.Operator.Cli;
using Gureum.Operator.Hosting;
using Gureum.Operator.Local;

namespace Gureum.Operator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var shutdown = new ShutdownSignal();
        var root = GureumCommandLine.Build(new CommandHandlers(
            Crds: (options, _) => Task.FromResult(CrdFiles.Write(options, Console.Out)),
            Local: (options, _) => LocalCommand.RunAsync(options, Console.Out, shutdown.Token),
            Run: (options, _) => RunCommand.RunAsync(options, Console.Out, shutdown.Token)));
        // ShutdownSignal handles Ctrl-C/SIGTERM so the commands can stop gracefully and exit 0.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, shutdown.Token);
    }
}
