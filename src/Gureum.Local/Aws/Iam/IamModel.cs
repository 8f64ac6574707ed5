namespace Gureum.Local.Aws.Iam;

internal sealed record IamTag(string Key, string Value);

/// <summary>A role as the store keeps it (and persists it). Documents are stored as given and
/// URL-encoded only on the way out, as IAM does.</summary>
internal sealed record RoleState
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required string Path { get; init; }
    public required string Arn { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required string AssumeRolePolicyDocument { get; set; }
    public string? Description { get; set; }
    public int MaxSessionDuration { get; set; } = 3600;
    public string? PermissionsBoundaryArn { get; set; }
    public List<IamTag> Tags { get; init; } = [];
    /// <summary>Inline policies by name, in the order they were first put.</summary>
    public List<InlinePolicy> InlinePolicies { get; init; } = [];
    public List<string> AttachedPolicyArns { get; init; } = [];
}

internal sealed record InlinePolicy(string Name, string Document);

internal sealed record InstanceProfileState
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required string Path { get; init; }
    public required string Arn { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public string? RoleName { get; set; }
    public List<IamTag> Tags { get; init; } = [];
    /// <summary>When EC2 may first see the profile as it is now (created, or its role changed) plus the
    /// propagation delay: IAM is eventually consistent, and EC2 refuses a profile it cannot see yet.</summary>
    public DateTimeOffset VisibleToEc2At { get; set; }
}

internal sealed record IamSnapshot(List<RoleState> Roles, List<InstanceProfileState> InstanceProfiles);
