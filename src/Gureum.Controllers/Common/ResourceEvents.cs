using Gureum.Runtime.Events;
using k8s;
using k8s.Models;

namespace Gureum.Controllers.Common;

/// <summary>The Events every controller records, with one reason per story line of <c>kubectl describe</c>.</summary>
internal sealed class ResourceEvents(EventRecorder recorder)
{
    public Task AwsWriteAsync(IKubernetesObject<V1ObjectMeta> resource, string reason, string message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(resource, EventType.Normal, reason, message, cancellationToken);

    public Task DriftDetectedAsync(IKubernetesObject<V1ObjectMeta> resource, string message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(resource, EventType.Warning, "DriftDetected", message, cancellationToken);

    public Task DriftCorrectedAsync(IKubernetesObject<V1ObjectMeta> resource, string message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(resource, EventType.Normal, "DriftCorrected", message, cancellationToken);

    public Task ErrorAsync(IKubernetesObject<V1ObjectMeta> resource, string reason, string message, CancellationToken cancellationToken) =>
        recorder.RecordAsync(resource, EventType.Warning, reason, message, cancellationToken);
}
