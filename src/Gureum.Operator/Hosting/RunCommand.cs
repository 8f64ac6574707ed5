using Gureum.Aws;
using Gureum.Operator.Cli;
using Microsoft.Extensions.Logging;

namespace Gureum.Operator.Hosting;

/// <summary><c>gureum run</c>: the operator alone, against the kubeconfig's cluster (or in-cluster) and AWS.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(RunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        // Local checks first (kubeconfig, region, credentials), then the one that needs the network.
        var kubernetes = ClusterConnection.Load(options.Kubeconfig);
        var aws = await AwsStartup.FromEnvironmentAsync(TimeProvider.System, cancellationToken);
        var clusterId = await ClusterConnection.IdentifyAsync(kubernetes, options.Host.ClusterId, TimeProvider.System, cancellationToken);

        await using var host = OperatorHost.Build(new OperatorHostSettings(options.Host, kubernetes, aws, clusterId, logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                console.UseUtcTimestamp = true;
            });
        }));
        await host.StartAsync(cancellationToken);
        await output.WriteLineAsync(
            $"gureum run: cluster {kubernetes.Host} (id {clusterId}), AWS region {aws.Region}, " +
            $"controllers: {(host.Controllers.Count == 0 ? "none yet" : string.Join(", ", host.Controllers))}" +
            (host.MetricsAddress is { } metrics ? $", metrics {metrics}metrics" : ""));
        await output.WriteLineAsync($"gureum run ready: metrics={host.MetricsAddress}");

        await OperatorHost.WaitForStopAsync(host.Completion, cancellationToken);
        await host.StopAsync();
        return host.Completion.IsFaulted ? 1 : 0;
    }
}
