using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Runtime;
using Microsoft.Extensions.Logging;

namespace Gureum.Operator.Hosting;

/// <summary>What the controllers get from the host.</summary>
internal sealed record ControllerContext(
    string ClusterId,
    TimeSpan DriftInterval,
    int Workers,
    AwsClients Aws,
    k8s.IKubernetes Kubernetes,
    TimeProvider Time,
    ILoggerFactory Loggers);

/// <summary>The one place that hands Gureum.Controllers' controllers to the runtime.</summary>
internal static class ControllerRegistration
{
    /// <summary>Names of the registered controllers, for the start-up log.</summary>
    public static IReadOnlyList<string> Register(ControllerManager manager, ControllerContext context)
    {
        // Gureum.Controllers has no entry point yet; kinds without a controller are only cached (no finalizer).
        _ = context;
        IReadOnlyList<string> controllers = [];
        if (controllers.Count == 0)
        {
            // The manager runs its informers only as long as some controller runs; this one keeps
            // the caches (readiness, live view) alive and does nothing: no finalizer, no writes.
            manager.Add(new ControllerDefinition<DnsRecord>("observer", GureumCaches.ToRuntime(DnsRecord.Definition), new ObserveNothing())
            {
                Workers = 1,
                ResyncPeriod = null,
            });
        }
        return controllers;
    }

    private sealed class ObserveNothing : IReconciler<DnsRecord>
    {
        public Task<ReconcileResult> ReconcileAsync(DnsRecord resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Done);

        public Task<ReconcileResult> CleanupAsync(DnsRecord resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Done);
    }
}
