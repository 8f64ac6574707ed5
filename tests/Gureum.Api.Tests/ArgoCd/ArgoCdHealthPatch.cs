using System.Text;
using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Tests.ArgoCd;

/// <summary>
/// Renders deploy/argocd/argocd-cm-patch.yaml from deploy/argocd/health/*.lua, the one source of truth.
/// Regenerate: GUREUM_REGENERATE_ARGOCD=1 dotnet test tests/Gureum.Api.Tests --filter FullyQualifiedName~ArgoCd
/// </summary>
public static class ArgoCdHealthPatch
{
    public static readonly string[] Kinds = [DnsRecord.KindName, IamRole.KindName, InstanceGroup.KindName, LoadBalancer.KindName, Rollout.KindName];

    public static string HealthDir => Path.Combine(Gureum.Testing.RepoRoot.Path, "deploy", "argocd", "health");

    public static string PatchPath => Path.Combine(Gureum.Testing.RepoRoot.Path, "deploy", "argocd", "argocd-cm-patch.yaml");

    private static string Part(string file) => File.ReadAllText(Path.Combine(HealthDir, file)).ReplaceLineEndings("\n");

    /// <summary>
    /// One kind's standalone script, as Argo CD runs it (each script alone, gopher-lua): prelude.lua, for a
    /// Rollout rollout-phase.lua, then conditions.lua. The parts are written once; the patch repeats them.
    /// </summary>
    public static string Script(string kind) =>
        $"-- Argo CD health check for {GureumApi.Group}/{kind} (resource.customizations.health.{GureumApi.Group}_{kind}).\n" +
        "-- Generated from deploy/argocd/health/*.lua; rules: deploy/argocd/README.md.\n" +
        Part("prelude.lua") + (kind == Rollout.KindName ? Part("rollout-phase.lua") : "") + Part("conditions.lua");

    public static string Render()
    {
        var sb = new StringBuilder();
        sb.Append("# Generated from deploy/argocd/health/*.lua: do not edit, edit the .lua files and regenerate\n");
        sb.Append("# (GUREUM_REGENERATE_ARGOCD=1 dotnet test tests/Gureum.Api.Tests --filter FullyQualifiedName~ArgoCd).\n");
        sb.Append("# Merge into Argo CD's argocd-cm, e.g. as a kustomize patch or with\n");
        sb.Append("#   kubectl -n argocd patch configmap argocd-cm --type merge --patch-file deploy/argocd/argocd-cm-patch.yaml\n");
        sb.Append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  namespace: argocd\n  labels:\n    app.kubernetes.io/part-of: argocd\ndata:\n");
        foreach (var kind in Kinds)
        {
            sb.Append($"  resource.customizations.health.{GureumApi.Group}_{kind}: |\n");
            foreach (var line in Script(kind).TrimEnd('\n').Split('\n'))
                sb.Append(line.Length == 0 ? "\n" : "    " + line + "\n");
        }
        return sb.ToString();
    }
}
