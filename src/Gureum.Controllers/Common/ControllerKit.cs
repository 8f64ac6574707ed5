using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Runtime;
using Gureum.Runtime.Status;
using k8s;
using Microsoft.Extensions.Logging;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Controllers.Common;

/// <summary>What every kind's registration gets from the host, built once.</summary>
internal sealed record ControllerKit(
    ControllerManager Manager,
    IKubernetes Kubernetes,
    AwsClients Aws,
    GureumControllerOptions Options,
    ResourceEvents Events,
    StatusWriter StatusWriter,
    OperatorIdentity Identity,
    TimeProvider Time,
    ILoggerFactory Loggers)
{
    public ManagedTiming Timing => new(Options.ChangePollInterval, Options.DriftInterval);

    /// <summary>
    /// The controller of one managed kind: the kit's pass around <paramref name="kind"/>, Gureum's
    /// finalizer, the drift interval as resync, AWS error classification. <paramref name="usedBy"/>: kinds
    /// whose objects must be gone before this kind's AWS resources are deleted.
    /// </summary>
    public ControllerDefinition<TResource> Managed<TResource, TSpec, TStatus, TState>(
        string name, RuntimeKind runtimeKind, IManagedKind<TResource, TSpec, TStatus, TState> kind, params IReadOnlyList<Dependents> usedBy)
        where TResource : GureumResource<TSpec, TStatus>
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus, new() =>
        new(name, runtimeKind, new ManagedReconciler<TResource, TSpec, TStatus, TState>(
            kind, runtimeKind, new OperationTracker(), StatusWriter, Events, Timing, Time, usedBy))
        {
            Finalizer = GureumApi.Finalizer,
            Workers = Options.Workers,
            ResyncPeriod = Options.DriftInterval,
            ErrorClassifier = AwsErrors.Classifier,
        };
}
