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
    public static async Task InstallAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        foreach (var kind in GureumKinds.All)
        {
            var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdGenerator.BuildCrd(kind).ToJsonString());
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
