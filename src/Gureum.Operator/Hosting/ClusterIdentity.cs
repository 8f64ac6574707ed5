using k8s;

namespace Gureum.Operator.Hosting;

internal static class ClusterIdentity
{
    /// <summary>The uid of namespace kube-system: stable for a cluster's lifetime and unique across clusters.</summary>
    public static async Task<string> ResolveAsync(IKubernetes client, string? configured, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        var kubeSystem = await client.CoreV1.ReadNamespaceAsync("kube-system", cancellationToken: cancellationToken);
        return kubeSystem.Metadata.Uid
            ?? throw new InvalidOperationException("Namespace kube-system has no uid; pass --cluster-id.");
    }
}
