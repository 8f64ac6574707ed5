using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gureum.Local.Kubernetes;

public sealed record SandboxApiServerOptions
{
    /// <summary>Port of the plain HTTP listener; 0 picks a free port.</summary>
    public int Port { get; init; }
    /// <summary>Port of the https listener (the one the kubeconfig names); 0 picks a free port.</summary>
    public int SecurePort { get; init; }
    /// <summary>Objects persist here when set (a snapshot and a journal: see <c>StateJournal</c>).</summary>
    public string? StateDir { get; init; }
    /// <summary>
    /// fsync every journal record before answering (survives power loss, a few ms per write).
    /// Off, a write is answered once the operating system has it: that survives the process being killed.
    /// </summary>
    public bool SyncToDisk { get; init; }
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    /// <summary>Events kept for watch resume; older resourceVersions get 410 Gone.</summary>
    public int WatchHistorySize { get; init; } = 10_000;
    public ILoggerFactory? LoggerFactory { get; init; }
}

/// <summary>A small Kubernetes API server on 127.0.0.1 for kubectl, KubernetesClient and tests.</summary>
public sealed class SandboxApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;

    private readonly X509Certificate2 _certificate;

    private SandboxApiServer(WebApplication app, ObjectStore store, Uri baseAddress, Uri secureAddress, X509Certificate2 certificate, string token)
    {
        _app = app;
        _store = store;
        BaseAddress = baseAddress;
        SecureAddress = secureAddress;
        _certificate = certificate;
        Token = token;
    }

    /// <summary>Plain HTTP (http://127.0.0.1:PORT), for KubernetesClient and tests.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The same API over TLS with a per-start certificate; the kubeconfig points here because kubectl sends a token only over https.</summary>
    public Uri SecureAddress { get; }

    /// <summary>PEM of the per-start certificate (the kubeconfig's certificate-authority-data, base64).</summary>
    public string CertificateAuthorityData => SelfSignedCertificate.ToPemBase64(_certificate);

    public string Token { get; }

    public static async Task<SandboxApiServer> StartAsync(SandboxApiServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var store = new ObjectStore(options.WatchHistorySize, options.StateDir, options.SyncToDisk);
        var registry = new ResourceRegistry();
        var service = new ObjectService(store, registry, options.TimeProvider);
        service.EnsureDefaults();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        var certificate = SelfSignedCertificate.Create(options.TimeProvider);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Listen(IPAddress.Loopback, options.SecurePort, listen => listen.UseHttps(certificate));
        });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var app = builder.Build();
        Uri? baseAddress = null;
        var handler = new ApiHandler(service, registry, token, () => $"{baseAddress!.Host}:{baseAddress.Port}", options.TimeProvider,
            loggerFactory.CreateLogger<SandboxApiServer>());
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        baseAddress = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal)));
        var secureAddress = new Uri(addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal)));
        return new SandboxApiServer(app, store, baseAddress, secureAddress, certificate, token);
    }

    /// <summary>Writes a kubeconfig (cluster, user with the token, context, current-context) and returns its path.</summary>
    public string WriteKubeconfig(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        var server = SecureAddress.ToString().TrimEnd('/');
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: gureum-sandbox
              cluster:
                server: {server}
                certificate-authority-data: {CertificateAuthorityData}
            users:
            - name: gureum-sandbox
              user:
                token: {Token}
            contexts:
            - name: gureum-sandbox
              context:
                cluster: gureum-sandbox
                user: gureum-sandbox
                namespace: default
            current-context: gureum-sandbox

            """);
        return path;
    }

    /// <summary>Test hook: ends every open watch stream (clients see the connection close).</summary>
    public void DropAllWatches() => _store.DropAllWatches();

    /// <summary>Test hook: forgets the watch history, so every resourceVersion before now gets 410 Gone.</summary>
    public void CompactWatchHistory() => _store.CompactHistory();

    public async ValueTask DisposeAsync()
    {
        _store.DropAllWatches();
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
        _certificate.Dispose();
    }
}
