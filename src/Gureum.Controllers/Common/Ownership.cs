using Gureum.Api;

namespace Gureum.Controllers.Common;

/// <summary>
/// The claim Gureum writes on every AWS resource it creates: tags <c>gureum.dev/cluster</c> and
/// <c>gureum.dev/owner</c> (namespace/Kind/name). Route53, which has no tags, keeps the same claim
/// in a companion TXT record.
/// </summary>
public sealed record OwnerClaim(string ClusterId, string Owner)
{
    public static OwnerClaim For(OperatorIdentity identity, string? @namespace, string kind, string name) =>
        new(identity.ClusterId, OperatorIdentity.Owner(@namespace, kind, name));

    public IReadOnlyDictionary<string, string> Tags => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TagKeys.Cluster] = ClusterId,
        [TagKeys.Owner] = Owner,
    };

    /// <summary>The claim in a resource's tags; null when it carries neither ownership tag.</summary>
    public static OwnerClaim? FromTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
            return null;
        tags.TryGetValue(TagKeys.Cluster, out var cluster);
        tags.TryGetValue(TagKeys.Owner, out var owner);
        return cluster is null && owner is null ? null : new OwnerClaim(cluster ?? "", owner ?? "");
    }

    /// <summary>Whose an existing resource is, judged by the claim it carries (null: none).</summary>
    public Ownership Classify(OwnerClaim? found) => found switch
    {
        null => Ownership.NotManaged,
        _ when found == this => Ownership.Ours,
        _ => Ownership.SomeoneElse(found.ToString()),
    };

    public Ownership ClassifyTags(IReadOnlyDictionary<string, string>? tags) => Classify(FromTags(tags));

    public override string ToString() => $"{Owner} in cluster {ClusterId}";
}

public enum OwnershipKind
{
    /// <summary>Carries this object's claim.</summary>
    Ours,

    /// <summary>Carries no Gureum claim: taken over only when adoption is asked for.</summary>
    NotManaged,

    /// <summary>Claimed by another object or cluster: never touched.</summary>
    SomeoneElse,
}

/// <summary>Whose an existing AWS resource is; <see cref="Owner"/> names the other claimant.</summary>
public sealed record Ownership(OwnershipKind Kind, string? Owner = null)
{
    public static Ownership Ours { get; } = new(OwnershipKind.Ours);

    public static Ownership NotManaged { get; } = new(OwnershipKind.NotManaged);

    public static Ownership SomeoneElse(string owner) => new(OwnershipKind.SomeoneElse, owner);
}
