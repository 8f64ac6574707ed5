using Amazon.Runtime;
using Gureum.Aws;
using Gureum.Local.Aws;
using Gureum.Local.Kubernetes;
using Gureum.Operator.Cli;
using Gureum.Operator.Hosting;
using Gureum.Operator.LiveView;
using k8s;
using Microsoft.Extensions.Logging;

namespace Gureum.Operator.Local;

/// <summary>
/// <c>gureum local</c>: the sandbox Kubernetes API and the AWS emulator on 127.0.0.1, state
/// under the state dir, and the operator host against them, until Ctrl-C or SIGTERM.
/// </summary>
internal static class LocalCommand
{
    public const string ReadyLinePrefix = "gureum local ready:";

    public static async Task<int> RunAsync(LocalOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var stateDir = Path.GetFullPath(options.StateDir);
        // Credentials for an external endpoint are checked before anything is written.
        var externalCredentials = options.AwsEndpoint is null ? null : await AwsStartup.CredentialsAsync(TimeProvider.System, cancellationToken);
        // The lock comes before every other write: a refused second instance changes no file.
        using var folderLock = StateFolderLock.Acquire(stateDir);
        var previous = LocalInstance.Read(stateDir);
        new LocalInstance(Environment.ProcessId, null, null).Write(stateDir);
        var live = options.LiveView ?? !Console.IsOutputRedirected;
        var logBuffer = new LogBuffer();
        Action<ILoggingBuilder> configureLogging = logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Gureum.Local", LogLevel.Warning);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("System.Net.Http", LogLevel.Warning);
            if (live)
                logging.AddProvider(logBuffer);
            else
                logging.AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "HH:mm:ss ";
                });
        };
        using var serverLoggers = LoggerFactory.Create(configureLogging);

        await using var sandbox = await SandboxApiServer.StartAsync(
            new SandboxApiServerOptions
            {
                SecurePort = RememberedPorts.Choose(options.Port, previous?.KubernetesApi, RememberedPorts.IsFreeOnLoopback),
                StateDir = Path.Combine(stateDir, "kube"),
                LoggerFactory = serverLoggers,
            },
            cancellationToken);
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(stateDir, "kubeconfig"));
        var kubernetes = new KubernetesClientConfiguration { Host = sandbox.BaseAddress.ToString(), AccessToken = sandbox.Token };
        string clusterId;
        using (var client = new Kubernetes(kubernetes))
        {
            await CrdInstaller.InstallAsync(client, cancellationToken);
            clusterId = await ClusterIdentity.ResolveAsync(client, options.Host.ClusterId, cancellationToken);
        }

        await using var emulator = options.AwsEndpoint is null
            ? await AwsEmulator.StartAsync(new AwsEmulatorOptions
            {
                Port = RememberedPorts.Choose(options.AwsPort, previous?.AwsEndpoint, RememberedPorts.IsFreeOnLoopback),
                StateDir = stateDir,
                ClockSpeedUp = options.ClockSpeedup,
                SeedHostedZones = options.SeededZones,
                Faults = FaultPresets.For(options.AwsFaults),
                LoggerFactory = serverLoggers,
            }, cancellationToken)
            : null;
        var envFile = Path.Combine(stateDir, "aws.env");
        var aws = emulator is not null
            ? AwsSettings.ForEndpoint(emulator.Endpoint, emulator.Region, emulator.AccessKeyId, emulator.SecretAccessKey)
            : ExternalEndpoint(options.AwsEndpoint!, externalCredentials!);
        new LocalInstance(Environment.ProcessId, sandbox.SecureAddress, emulator?.Endpoint).Write(stateDir);
        if (emulator is not null)
            emulator.WriteEnvFile(envFile);
        else
            await File.WriteAllLinesAsync(envFile, [$"AWS_ENDPOINT_URL={options.AwsEndpoint!.ToString().TrimEnd('/')}", $"AWS_REGION={aws.Region}"], cancellationToken);
        // The AWS CLI v1 (botocore) reads its region from AWS_DEFAULT_REGION only.
        await File.AppendAllLinesAsync(envFile, [$"AWS_DEFAULT_REGION={aws.Region}"], cancellationToken);

        await using var host = OperatorHost.Build(new OperatorHostSettings(options.Host, kubernetes, aws, clusterId, configureLogging));
        await host.StartAsync(cancellationToken);

        var awsLine = emulator is not null
            ? $"AWS emulator:   {emulator.Endpoint.ToString().TrimEnd('/')} (Route53 zones {string.Join(", ", options.SeededZones)}; faults: {options.AwsFaults.ToString().ToLowerInvariant()})"
            : $"AWS endpoint:   {options.AwsEndpoint}";
        var instructions = LocalBanner.Text(clusterId, host.Controllers, sandbox.SecureAddress, awsLine, host.MetricsAddress, stateDir, kubeconfig, envFile,
            options.Host.RunControllers);
        await output.WriteLineAsync(instructions);
        await output.WriteLineAsync($"{ReadyLinePrefix} kubeconfig={kubeconfig} aws-env={envFile} metrics={host.MetricsAddress}");
        await output.FlushAsync(cancellationToken);

        using var viewStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var eventClient = new Kubernetes(kubernetes);
        var events = new EventFeed(eventClient, host.Loggers.CreateLogger("Gureum.Operator.LiveView"));
        var feed = events.RunAsync(TimeProvider.System, viewStop.Token);
        var view = live
            ? LiveTable.RunAsync(host.Caches, events, logBuffer, Spectre.Console.Markup.Escape($"gureum local: KUBECONFIG={kubeconfig}   Ctrl-C to stop"), TimeProvider.System, viewStop.Token)
            : ObjectReporter.RunPlainAsync(host.Caches, events, output, TimeProvider.System, viewStop.Token);

        await OperatorHost.WaitForStopAsync(host.Completion, cancellationToken);
        await viewStop.CancelAsync();
        await Task.WhenAll(view, feed);
        await output.WriteLineAsync("gureum local: stopping");
        await host.StopAsync();
        var failed = host.Completion.IsFaulted;
        await output.WriteLineAsync(failed ? "gureum local: the operator failed; see the log above" : "gureum local: stopped");
        return failed ? 1 : 0;
    }

    /// <summary>An external AWS-compatible endpoint, with the credentials the SDK's chain found (LocalStack accepts any).</summary>
    private static AwsSettings ExternalEndpoint(Uri endpoint, AWSCredentials credentials)
    {
        var region = Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } r ? r : "us-east-1";
        return AwsSettings.ForEndpoint(endpoint, region, "unused", "unused") with { Credentials = credentials };
    }
}
