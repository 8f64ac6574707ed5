using System.Net;
using Gureum.Aws;
using Gureum.Operator.Cli;
using Gureum.Runtime;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gureum.Operator.Hosting;

/// <summary>Everything the host needs that the command resolved first (cluster, AWS, identity).</summary>
internal sealed record OperatorHostSettings(
    OperatorOptions Options,
    KubernetesClientConfiguration Kubernetes,
    AwsSettings Aws,
    string ClusterId,
    Action<ILoggingBuilder> ConfigureLogging);

/// <summary>
/// The ASP.NET Core host: the only place with a DI container. It runs the controller manager
/// (under leader election when asked) and serves /metrics, /healthz and /readyz.
/// </summary>
internal sealed class OperatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OperatorHost(WebApplication app) => _app = app;

    public GureumCaches Caches => _app.Services.GetRequiredService<GureumCaches>();

    public ControllerManager Manager => _app.Services.GetRequiredService<ControllerManager>();

    /// <summary>Completes when the controller manager stops on its own (a fatal error).</summary>
    public Task Completion => _app.Services.GetRequiredService<ControllerManagerService>().Completion;

    public IReadOnlyList<string> Controllers { get; private init; } = [];

    /// <summary>Where /metrics, /healthz and /readyz are served, once started; null when disabled.</summary>
    public Uri? MetricsAddress { get; private set; }

    public ILoggerFactory Loggers => _app.Services.GetRequiredService<ILoggerFactory>();

    public static OperatorHost Build(OperatorHostSettings settings)
    {
        var options = settings.Options;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "gureum", Args = [] });
        builder.Logging.ClearProviders();
        settings.ConfigureLogging(builder.Logging);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);

        // Signals are the command's (ShutdownSignal), so it can stop the sandbox after the host.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(45));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.MetricsPort is { } port)
                kestrel.Listen(options.MetricsLoopbackOnly ? IPAddress.Loopback : IPAddress.Any, port);
        });

        var time = TimeProvider.System;
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(settings.Kubernetes));
        builder.Services.AddSingleton(services => AwsClients.Create(settings.Aws, time, services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(services => new ControllerManager(
            services.GetRequiredService<IKubernetes>(),
            new ControllerManagerOptions
            {
                LeaderElection = options.LeaderElect
                    ? new LeaderElectionOptions(options.LeaseNamespace, options.LeaseName, LeaderIdentity())
                    {
                        LeaseDuration = options.LeaseDuration,
                        RenewDeadline = options.RenewDeadline,
                        RetryPeriod = options.RetryPeriod,
                    }
                    : null,
            },
            services.GetRequiredService<ILoggerFactory>(),
            time));
        builder.Services.AddSingleton<GureumCaches>();
        builder.Services.AddSingleton<ControllerManagerService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ControllerManagerService>());
        Telemetry.Add(builder.Services, exportTraces: !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Telemetry.OtlpEndpointVariable)));

        var app = builder.Build();
        var manager = app.Services.GetRequiredService<ControllerManager>();
        var controllers = !options.RunControllers ? [] : ControllerRegistration.Register(manager, new ControllerContext(
            settings.ClusterId, options.DriftInterval, options.Workers, app.Services.GetRequiredService<AwsClients>(),
            app.Services.GetRequiredService<IKubernetes>(), time, app.Services.GetRequiredService<ILoggerFactory>())
        {
            AllowWildcardTrust = options.AllowWildcardTrust,
        });
        var caches = app.Services.GetRequiredService<GureumCaches>();

        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => Readiness.IsReady(options.LeaderElect, manager.IsLeader, caches.HasSynced)
            ? Results.Text("ok\n")
            : Results.Text("caches not synced\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return new OperatorHost(app) { Controllers = controllers };
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        MetricsAddress = addresses?.Select(address => new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
                .Replace("[::]", "127.0.0.1", StringComparison.Ordinal)))
            .FirstOrDefault();
    }

    public Task StopAsync() => _app.StopAsync(CancellationToken.None);

    /// <summary>Until the signal, or until the controller manager fails (then the command exits non-zero).</summary>
    public static async Task WaitForStopAsync(Task completion, CancellationToken signal)
    {
        var stopped = Task.Delay(Timeout.Infinite, signal);
        await Task.WhenAny(completion.ContinueWith(t => t.IsFaulted ? Task.CompletedTask : stopped, TaskScheduler.Default).Unwrap(), stopped);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Pod name in a cluster (unique per replica), host name and pid elsewhere.
    private static string LeaderIdentity() =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod
            ? pod
            : $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The command owns start and stop; the host does not listen for signals itself.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

internal static class Readiness
{
    /// <summary>
    /// Ready when the caches have synced. A standby replica (leader election on, not the leader)
    /// is ready too, synced or not: it is healthy and waiting for the Lease (its caches fill meanwhile).
    /// </summary>
    public static bool IsReady(bool leaderElect, bool isLeader, bool cachesSynced) =>
        cachesSynced || (leaderElect && !isLeader);
}
