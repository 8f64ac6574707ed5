using Gureum.Runtime.Cache;
using k8s;
using k8s.Models;

namespace Gureum.Controllers.Common;

/// <summary>
/// Objects of another kind that use an object through a reference field (InstanceGroups naming an
/// IamRole). While one exists, the used object's AWS resources are not deleted: the user goes first,
/// as the protection of a PersistentVolumeClaim in use does it, so an instance profile or target
/// group is never pulled from under a running group.
/// </summary>
public sealed record Dependents(string Kind, Func<string?, string, IReadOnlyList<string>> Find)
{
    /// <param name="indexName">The users' reference index (their controller's <see cref="ReferenceField{TOwner, TTarget}.Path"/>).</param>
    public static Dependents Of<TUser>(string kind, IResourceCache<TUser> users, string indexName)
        where TUser : class, IKubernetesObject<V1ObjectMeta> =>
        new(kind, (@namespace, name) =>
        {
            try
            {
                return [.. users.ByIndex(indexName, Runtime.Watch.IndexKey(@namespace, name)).Select(user => user.Metadata.Name).Order(StringComparer.Ordinal)];
            }
            catch (KeyNotFoundException)
            {
                // The users' controller is not registered (a host running some kinds only): nobody to wait for.
                return [];
            }
        });

    /// <summary>"InstanceGroup web, api" for every kind with users, or null when nothing uses the object.</summary>
    public static string? Describe(IReadOnlyList<Dependents> dependents, string? @namespace, string name)
    {
        var users = dependents
            .Select(d => (d.Kind, Names: d.Find(@namespace, name)))
            .Where(d => d.Names.Count > 0)
            .Select(d => $"{d.Kind} {string.Join(", ", d.Names)}")
            .ToList();
        return users.Count == 0 ? null : string.Join("; ", users);
    }
}
