using k8s;
using k8s.Models;

namespace Gureum.Runtime;

/// <summary>Which changes to an owned object deserve a reconcile. Pure.</summary>
internal static class ObjectChanges
{
    /// <summary>
    /// What a user (or the API server on deletion) changes: spec via generation, annotations,
    /// labels, finalizers, deletion. Status-only updates (our own writes) are left out, so a
    /// status write does not wake the object again.
    /// </summary>
    public static string Fingerprint(IKubernetesObject<V1ObjectMeta> resource)
    {
        var meta = resource.Metadata;
        return string.Join(
            '\n',
            meta.Generation?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            meta.DeletionTimestamp?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Pairs(meta.Annotations),
            Pairs(meta.Labels),
            string.Join(',', meta.Finalizers ?? []));
    }

    public static bool Matter(IKubernetesObject<V1ObjectMeta>? previous, IKubernetesObject<V1ObjectMeta> current) =>
        previous is null || Fingerprint(previous) != Fingerprint(current);

    private static string Pairs(IDictionary<string, string>? pairs) => pairs is null
        ? ""
        : string.Join(',', pairs.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
}
