namespace Gureum.Aws.Iam;

/// <summary>The IAM operations Gureum uses (Query 2010-05-08, the global endpoint). Names are IAM's
/// (role, policy and profile names; policy ARNs). Errors are <see cref="Errors.AwsException"/>:
/// NoSuchEntity (NotFound), EntityAlreadyExists (AlreadyExists), DeleteConflict (Conflict),
/// MalformedPolicyDocument / ValidationError / InvalidInput (Invalid), LimitExceeded (Throttled: retry
/// later). Listings follow every page. Policy documents come back decoded.</summary>
public interface IIamClient
{
    Task<IamRole> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken);

    Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken);

    /// <summary>
    /// Every role of the account with its policies, tags and instance profiles (GetAccountAuthorizationDetails
    /// filtered to roles, every page of up to 1,000): one call reads what GetRole, ListRolePolicies,
    /// GetRolePolicy and ListAttachedRolePolicies read for one role.
    /// </summary>
    Task<IReadOnlyList<IamRoleDetail>> ListRoleDetailsAsync(CancellationToken cancellationToken);

    /// <summary>The role, or null when IAM answers NoSuchEntity.</summary>
    Task<IamRole?> FindRoleAsync(string roleName, CancellationToken cancellationToken);

    /// <summary>Null leaves a value as it is; an empty description clears it.</summary>
    Task UpdateRoleAsync(string roleName, string? description, int? maxSessionDuration, CancellationToken cancellationToken);

    Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken);

    /// <summary>DeleteConflict while the role has inline or attached policies or is in an instance profile.</summary>
    Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken);

    Task PutRolePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken cancellationToken);

    Task<IamRolePolicy> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken);

    Task DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken);

    /// <summary>The names of the role's inline policies.</summary>
    Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken);

    Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken);

    Task DetachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken);

    Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken);

    Task PutRolePermissionsBoundaryAsync(string roleName, string policyArn, CancellationToken cancellationToken);

    Task DeleteRolePermissionsBoundaryAsync(string roleName, CancellationToken cancellationToken);

    /// <summary>Adds or overwrites these tags (at most 50 on a role).</summary>
    Task TagRoleAsync(string roleName, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken);

    Task UntagRoleAsync(string roleName, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken);

    Task<IReadOnlyList<IamTag>> ListRoleTagsAsync(string roleName, CancellationToken cancellationToken);

    Task<IamInstanceProfile> CreateInstanceProfileAsync(string instanceProfileName, string? path, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken);

    Task<IamInstanceProfile> GetInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken);

    /// <summary>The instance profile, or null when IAM answers NoSuchEntity.</summary>
    Task<IamInstanceProfile?> FindInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken);

    /// <summary>LimitExceeded when the profile already holds a role (one per profile).</summary>
    Task AddRoleToInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken);

    Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken);

    /// <summary>DeleteConflict while the profile still holds a role.</summary>
    Task DeleteInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken);

    Task TagInstanceProfileAsync(string instanceProfileName, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken);

    /// <summary>A managed policy by ARN (e.g. arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore).</summary>
    Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken);
}
