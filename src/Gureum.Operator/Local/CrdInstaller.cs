using System.Net;
using Gureum.Api.Crds;
using Gureum.Api.V1Alpha1;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gureum.Operator.Local;

/// <summary>Creates or updates Gureum's CRDs, so a sandbox from an older build serves the current schema.</summary>
internal static class CrdInstaller
{
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    public static async Task InstallAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        foreach (var kind in GureumKinds.All)
        {
            var json = CrdGenerator.BuildCrd(kind);
            var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(json.ToJsonString());
            // As `kubectl create --save-config` does, so a later `kubectl apply -f crds/` patches cleanly without a warning.
            crd.Metadata.Annotations ??= new Dictionary<string, string>();
            crd.Metadata.Annotations[LastAppliedAnnotation] = json.ToJsonString();
            try
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
            {
                var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
                crd.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name, cancellationToken: cancellationToken);
            }
        }
    }
}
