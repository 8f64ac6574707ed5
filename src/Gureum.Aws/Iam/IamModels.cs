namespace Gureum.Aws.Iam;

public sealed record IamTag(string Key, string Value);

/// <summary>A role as IAM describes it. <see cref="AssumeRolePolicyDocument"/> is decoded JSON (IAM
/// sends it URL-encoded), exactly as IAM stored it: compare it semantically, not as text.</summary>
public sealed record IamRole(
    string RoleName,
    string RoleId,
    string Arn,
    string Path,
    DateTimeOffset CreateDate,
    string AssumeRolePolicyDocument,
    string? Description,
    int MaxSessionDuration,
    string? PermissionsBoundaryArn,
    IReadOnlyList<IamTag> Tags);

public sealed record CreateRoleRequest(string RoleName, string AssumeRolePolicyDocument)
{
    /// <summary>Null: IAM's default "/". Cannot be changed after creation.</summary>
    public string? Path { get; init; }
    public string? Description { get; init; }
    /// <summary>Seconds, 3600..43200; null: IAM's default 3600.</summary>
    public int? MaxSessionDuration { get; init; }
    public string? PermissionsBoundaryArn { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>
/// A role as GetAccountAuthorizationDetails lists it: with its inline policies (name to decoded document), the
/// ARNs of its attached managed policies and the names of the instance profiles holding it. IAM leaves the
/// description and the maximum session duration out of this listing (GetRole has them).
/// </summary>
public sealed record IamRoleDetail(
    string RoleName,
    string RoleId,
    string Arn,
    string Path,
    string AssumeRolePolicyDocument,
    string? PermissionsBoundaryArn,
    IReadOnlyList<IamTag> Tags,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns,
    IReadOnlyList<string> InstanceProfileNames);

/// <summary>An inline policy of a role; <see cref="PolicyDocument"/> decoded.</summary>
public sealed record IamRolePolicy(string RoleName, string PolicyName, string PolicyDocument);

public sealed record IamAttachedPolicy(string PolicyName, string PolicyArn);

/// <summary>An instance profile; at most one role (IAM's limit).</summary>
public sealed record IamInstanceProfile(
    string InstanceProfileName,
    string InstanceProfileId,
    string Arn,
    string Path,
    DateTimeOffset CreateDate,
    IReadOnlyList<IamRole> Roles,
    IReadOnlyList<IamTag> Tags);

/// <summary>A managed policy (AWS's or the account's), as GetPolicy describes it.</summary>
public sealed record IamManagedPolicy(
    string PolicyName,
    string PolicyId,
    string Arn,
    string Path,
    string? DefaultVersionId,
    int AttachmentCount,
    bool IsAttachable,
    string? Description);
