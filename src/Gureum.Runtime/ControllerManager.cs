using Gureum.Runtime.Cache;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gureum.Runtime;

/// <summary>
/// Runs controllers over shared informers (one list+watch per kind however many controllers
/// use it), optionally only while holding a leader Lease. Register everything, then RunAsync.
/// </summary>
public sealed partial class ControllerManager(
    IKubernetes client,
    ControllerManagerOptions? options = null,
    ILoggerFactory? loggerFactory = null,
    TimeProvider? timeProvider = null)
{
    private readonly ControllerManagerOptions _options = options ?? new ControllerManagerOptions();
    private readonly ILoggerFactory _loggers = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<ResourceKind, IInformer> _informers = [];
    private readonly List<IController> _controllers = [];
    private int _running;

    /// <summary>True while this instance runs its controllers (holds the Lease, if one is configured).</summary>
    public bool IsLeader { get; private set; }

    /// <summary>The shared cache of <paramref name="kind"/>, for reconcilers that read other kinds. Register before RunAsync.</summary>
    public IResourceCache<T> GetCache<T>(ResourceKind kind)
        where T : class, IKubernetesObject<V1ObjectMeta> => Informer<T>(kind).Cache;

    public void Add<T>(ControllerDefinition<T> definition)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ThrowIfRunning();
        if (_controllers.Any(controller => controller.Name == definition.Name))
            throw new InvalidOperationException($"A controller named '{definition.Name}' is already registered.");
        var watched = definition.Watches
            .Select(watch => (watch, InformerFor(watch.Kind, watch.ResourceType)))
            .ToList();
        _controllers.Add(new Controller<T>(
            definition,
            Informer<T>(definition.Kind),
            watched,
            new Finalizers(client),
            _time,
            _loggers.CreateLogger($"Gureum.Runtime.Controller.{definition.Name}")));
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then shuts down gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("The controller manager is already running.");
        // The caches fill and stay current whether or not this replica leads (as controller-runtime's do): a
        // replica that takes the Lease over starts reconciling from a warm cache instead of listing everything
        // first, which at thousands of objects is most of a failover.
        using var informersStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informers = _informers.Values.Select(informer => informer.RunAsync(informersStop.Token)).ToList();
        try
        {
            if (_options.LeaderElection is { } election)
                await new LeaderElection(client, election, _loggers.CreateLogger("Gureum.Runtime.LeaderElection"))
                    .RunAsync(RunControllersAsync, cancellationToken);
            else
                await RunControllersAsync(cancellationToken, CancellationToken.None);
        }
        finally
        {
            await informersStop.CancelAsync();
            await Task.WhenAll(informers);
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// <paramref name="stopping"/> asks for a graceful stop; <paramref name="abort"/> (lease
    /// lost) cancels every in-flight reconcile at once so no write happens without the lease.
    /// </summary>
    private async Task RunControllersAsync(CancellationToken stopping, CancellationToken abort)
    {
        IsLeader = true;
        try
        {
            var controllers = _controllers
                .Select(controller => controller.RunAsync(_options.ShutdownTimeout, stopping, abort))
                .ToList();
            await Task.WhenAll(controllers);
            // Caches alone (no controller: a view, `gureum local --operator false`) are kept until the manager is stopped.
            if (controllers.Count == 0)
            {
                using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping, abort);
                await Task.Delay(Timeout.Infinite, ending.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            IsLeader = false;
        }
    }

    private Informer<T> Informer<T>(ResourceKind kind)
        where T : class, IKubernetesObject<V1ObjectMeta> => (Informer<T>)InformerFor(kind, typeof(T));

    private IInformer InformerFor(ResourceKind kind, Type resourceType)
    {
        if (_informers.TryGetValue(kind, out var existing))
        {
            if (existing.ResourceType != resourceType)
                throw new InvalidOperationException(
                    $"{kind} is already watched as {existing.ResourceType.Name}, not {resourceType.Name}.");
            return existing;
        }

        ThrowIfRunning();
        var informerType = typeof(Informer<>).MakeGenericType(resourceType);
        var informer = (IInformer)Activator.CreateInstance(
            informerType, client, kind, _options.Namespace, _time, _loggers.CreateLogger("Gureum.Runtime.Informer"))!;
        _informers[kind] = informer;
        return informer;
    }

    private void ThrowIfRunning()
    {
        if (Volatile.Read(ref _running) == 1)
            throw new InvalidOperationException("Register controllers and caches before RunAsync.");
    }
}
