using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Runtime;
using Gureum.Runtime.Status;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Controllers.Common;

/// <summary>
/// For kinds whose controller has not been written yet: tells <c>kubectl wait</c> and GitOps tools
/// so (Ready=Unknown, reason NotImplemented) instead of leaving status empty. Writes nothing to AWS
/// and adds no finalizer.
/// </summary>
internal sealed class NotImplementedReconciler<TResource, TSpec, TStatus>(RuntimeKind kind, StatusWriter statusWriter, TimeProvider time)
    : IReconciler<TResource>
    where TResource : GureumResource<TSpec, TStatus>
    where TSpec : ManagedSpec
    where TStatus : ResourceStatus, new()
{
    public async Task<ReconcileResult> ReconcileAsync(TResource resource, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var message = $"this version of Gureum has no {kind.Kind} controller yet: the object is stored, nothing is written to AWS";
        await statusWriter.WriteAsync(resource, kind, current =>
        {
            var unknown = new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.Unknown, Reason = ConditionReasons.NotImplemented, Message = message };
            var conditions = PassOutcome.Merge(current.Status?.Conditions, [unknown], current.Metadata.Generation,
                new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
            current.Status = (current.Status ?? new TStatus()) with { Conditions = conditions };
            return current;
        }, cancellationToken);
        return ReconcileResult.Done;
    }

    public Task<ReconcileResult> CleanupAsync(TResource resource, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);
}
