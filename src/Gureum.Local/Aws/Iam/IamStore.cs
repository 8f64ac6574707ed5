using System.Security.Cryptography;

namespace Gureum.Local.Aws.Iam;

/// <summary>
/// Roles and instance profiles of the emulator's one account, behind one lock, with IAM's rules:
/// names unique regardless of case, DeleteConflict while something still hangs off an entity, IAM's
/// quotas as LimitExceeded. Every change is persisted when a state file is configured.
/// </summary>
internal sealed class IamStore
{
    public const int MaxManagedPoliciesPerRole = 10;
    public const int MaxInlinePolicyCharactersPerRole = 10_240;
    public const int MaxTrustPolicyCharacters = 2_048;
    public const int MaxTags = 50;
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoleState> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, InstanceProfileState> _profiles = new(StringComparer.OrdinalIgnoreCase);
    private readonly JsonStateFile<IamSnapshot>? _file;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ec2Propagation;
    private readonly string _accountId;

    public IamStore(string accountId, TimeProvider time, TimeSpan ec2Propagation, string? stateFile)
    {
        _accountId = accountId;
        _time = time;
        _ec2Propagation = ec2Propagation;
        if (stateFile is null)
            return;
        _file = new JsonStateFile<IamSnapshot>(stateFile);
        if (_file.Load() is { } snapshot)
        {
            foreach (var role in snapshot.Roles)
                _roles[role.Name] = role;
            foreach (var profile in snapshot.InstanceProfiles)
                _profiles[profile.Name] = profile;
        }
    }

    public RoleState CreateRole(string name, string path, string trustPolicy, string? description, int? maxSessionDuration,
        string? boundaryArn, IReadOnlyList<IamTag> tags)
    {
        PolicyDocuments.Validate(trustPolicy, PolicyDocuments.Kind.Trust);
        CheckTrustSize(trustPolicy);
        if (boundaryArn is not null)
            RequireBoundary(boundaryArn);
        lock (_gate)
        {
            if (_roles.ContainsKey(name))
                throw new AwsErrorException(new AwsError(409, "EntityAlreadyExists", $"Role with name {name} already exists."));
            var role = new RoleState
            {
                Name = name,
                Id = NewId("AROA"),
                Path = path,
                Arn = $"arn:aws:iam::{_accountId}:role{path}{name}",
                CreateDate = Now(),
                AssumeRolePolicyDocument = trustPolicy,
                Description = string.IsNullOrEmpty(description) ? null : description,
                MaxSessionDuration = maxSessionDuration ?? 3600,
                PermissionsBoundaryArn = boundaryArn,
            };
            MergeTags(role.Tags, tags);
            _roles[name] = role;
            Save();
            return Copy(role);
        }
    }

    public RoleState GetRole(string name)
    {
        lock (_gate)
            return Copy(Role(name));
    }

    public void UpdateRole(string name, string? description, int? maxSessionDuration) => Mutate(name, role =>
    {
        if (description is not null)
            role.Description = description.Length == 0 ? null : description;
        if (maxSessionDuration is { } seconds)
            role.MaxSessionDuration = seconds;
    });

    public void UpdateAssumeRolePolicy(string name, string document)
    {
        PolicyDocuments.Validate(document, PolicyDocuments.Kind.Trust);
        CheckTrustSize(document);
        Mutate(name, role => role.AssumeRolePolicyDocument = document);
    }

    public void DeleteRole(string name)
    {
        lock (_gate)
        {
            var role = Role(name);
            if (role.AttachedPolicyArns.Count > 0)
                throw DeleteConflict("Cannot delete entity, must detach all policies first.");
            if (role.InlinePolicies.Count > 0)
                throw DeleteConflict("Cannot delete entity, must delete policies first.");
            if (_profiles.Values.Any(p => string.Equals(p.RoleName, role.Name, StringComparison.OrdinalIgnoreCase)))
                throw DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
            _roles.Remove(role.Name);
            Save();
        }
    }

    public void PutRolePolicy(string roleName, string policyName, string document)
    {
        PolicyDocuments.Validate(document, PolicyDocuments.Kind.Identity);
        Mutate(roleName, role =>
        {
            var others = role.InlinePolicies.Where(p => p.Name != policyName).Sum(p => p.Document.Length);
            if (others + document.Length > MaxInlinePolicyCharactersPerRole)
                throw new AwsErrorException(new AwsError(409, "LimitExceeded",
                    $"Maximum policy size of {MaxInlinePolicyCharactersPerRole} bytes exceeded for role {role.Name}"));
            var index = role.InlinePolicies.FindIndex(p => p.Name == policyName);
            if (index >= 0)
                role.InlinePolicies[index] = new InlinePolicy(policyName, document);
            else
                role.InlinePolicies.Add(new InlinePolicy(policyName, document));
        });
    }

    public InlinePolicy GetRolePolicy(string roleName, string policyName)
    {
        lock (_gate)
            return Role(roleName).InlinePolicies.FirstOrDefault(p => p.Name == policyName) ?? throw NoSuchRolePolicy(policyName);
    }

    public void DeleteRolePolicy(string roleName, string policyName) => Mutate(roleName, role =>
    {
        if (role.InlinePolicies.RemoveAll(p => p.Name == policyName) == 0)
            throw NoSuchRolePolicy(policyName);
    });

    public void AttachRolePolicy(string roleName, string policyArn)
    {
        var policy = RequirePolicy(policyArn);
        Mutate(roleName, role =>
        {
            if (role.AttachedPolicyArns.Contains(policy.Arn))
                return;
            if (role.AttachedPolicyArns.Count >= MaxManagedPoliciesPerRole)
                throw new AwsErrorException(new AwsError(409, "LimitExceeded",
                    $"Cannot exceed quota for PoliciesPerRole: {MaxManagedPoliciesPerRole}"));
            role.AttachedPolicyArns.Add(policy.Arn);
        });
    }

    public void DetachRolePolicy(string roleName, string policyArn)
    {
        CheckArn(policyArn);
        Mutate(roleName, role =>
        {
            if (!role.AttachedPolicyArns.Remove(policyArn))
                throw NoSuchEntity($"Policy {policyArn} was not found.");
        });
    }

    public void PutRolePermissionsBoundary(string roleName, string policyArn)
    {
        RequireBoundary(policyArn);
        Mutate(roleName, role => role.PermissionsBoundaryArn = policyArn);
    }

    public void DeleteRolePermissionsBoundary(string roleName) => Mutate(roleName, role => role.PermissionsBoundaryArn = null);

    public void TagRole(string roleName, IReadOnlyList<IamTag> tags) => Mutate(roleName, role => MergeTags(role.Tags, tags));

    public void UntagRole(string roleName, IReadOnlyList<string> keys) =>
        Mutate(roleName, role => role.Tags.RemoveAll(t => keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase)));

    public InstanceProfileState CreateInstanceProfile(string name, string path, IReadOnlyList<IamTag> tags)
    {
        lock (_gate)
        {
            if (_profiles.ContainsKey(name))
                throw new AwsErrorException(new AwsError(409, "EntityAlreadyExists", $"Instance Profile {name} already exists."));
            var now = Now();
            var profile = new InstanceProfileState
            {
                Name = name,
                Id = NewId("AIPA"),
                Path = path,
                Arn = $"arn:aws:iam::{_accountId}:instance-profile{path}{name}",
                CreateDate = now,
                VisibleToEc2At = now + _ec2Propagation,
            };
            MergeTags(profile.Tags, tags);
            _profiles[name] = profile;
            Save();
            return Copy(profile);
        }
    }

    public InstanceProfileState GetInstanceProfile(string name)
    {
        lock (_gate)
            return Copy(Profile(name));
    }

    public void AddRoleToInstanceProfile(string profileName, string roleName)
    {
        lock (_gate)
        {
            var profile = Profile(profileName);
            var role = Role(roleName);
            // One role per profile; adding the same role again is refused the same way.
            if (profile.RoleName is not null)
                throw new AwsErrorException(new AwsError(409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"));
            profile.RoleName = role.Name;
            profile.VisibleToEc2At = Now() + _ec2Propagation;
            Save();
        }
    }

    public void RemoveRoleFromInstanceProfile(string profileName, string roleName)
    {
        lock (_gate)
        {
            var profile = Profile(profileName);
            var role = Role(roleName);
            if (!string.Equals(profile.RoleName, role.Name, StringComparison.OrdinalIgnoreCase))
                throw NoSuchEntity($"The role with name {roleName} cannot be found.");
            profile.RoleName = null;
            profile.VisibleToEc2At = Now() + _ec2Propagation;
            Save();
        }
    }

    public void DeleteInstanceProfile(string name)
    {
        lock (_gate)
        {
            var profile = Profile(name);
            if (profile.RoleName is not null)
                throw DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
            _profiles.Remove(profile.Name);
            Save();
        }
    }

    public void TagInstanceProfile(string name, IReadOnlyList<IamTag> tags)
    {
        lock (_gate)
        {
            MergeTags(Profile(name).Tags, tags);
            Save();
        }
    }

    public AwsManagedPolicies.ManagedPolicy GetPolicy(string arn) => RequirePolicy(arn);

    public int AttachmentCount(string policyArn)
    {
        lock (_gate)
            return _roles.Values.Count(r => r.AttachedPolicyArns.Contains(policyArn));
    }

    /// <summary>Whether EC2 can see the profile yet (by name or ARN): it exists and its last change has
    /// propagated. The EC2 emulator answers "Invalid IamInstanceProfile" until then, as EC2 does.</summary>
    public bool IsInstanceProfileVisible(string nameOrArn, DateTimeOffset now)
    {
        lock (_gate)
        {
            var profile = _profiles.Values.FirstOrDefault(p => p.Arn == nameOrArn)
                ?? _profiles.GetValueOrDefault(nameOrArn);
            return profile is not null && now >= profile.VisibleToEc2At;
        }
    }

    private void Mutate(string roleName, Action<RoleState> change)
    {
        lock (_gate)
        {
            change(Role(roleName));
            Save();
        }
    }

    private RoleState Role(string name) =>
        _roles.GetValueOrDefault(name) ?? throw NoSuchEntity($"The role with name {name} cannot be found.");

    private InstanceProfileState Profile(string name) =>
        _profiles.GetValueOrDefault(name) ?? throw NoSuchEntity($"Instance Profile {name} cannot be found.");

    private static AwsManagedPolicies.ManagedPolicy RequirePolicy(string arn)
    {
        CheckArn(arn);
        return AwsManagedPolicies.Find(arn) ?? throw NoSuchEntity($"Policy {arn} does not exist or is not attachable.");
    }

    private static void RequireBoundary(string arn)
    {
        CheckArn(arn);
        if (AwsManagedPolicies.Find(arn) is null)
            throw NoSuchEntity($"Scope ARN: {arn} does not exist or is not attachable.");
    }

    private static void CheckArn(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || arn.Split(':').Length < 6)
            throw new AwsErrorException(new AwsError(400, "InvalidInput", $"ARN {arn} is not valid."));
    }

    private static void CheckTrustSize(string document)
    {
        if (document.Length > MaxTrustPolicyCharacters)
            throw new AwsErrorException(new AwsError(409, "LimitExceeded",
                $"Cannot exceed quota for ACLSizePerRole: {MaxTrustPolicyCharacters}"));
    }

    /// <summary>Adds or overwrites tags; keys match regardless of case, as IAM's do.</summary>
    private static void MergeTags(List<IamTag> existing, IReadOnlyList<IamTag> tags)
    {
        var merged = new List<IamTag>(existing);
        foreach (var tag in tags)
        {
            var index = merged.FindIndex(t => string.Equals(t.Key, tag.Key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
                merged[index] = tag;
            else
                merged.Add(tag);
        }
        if (merged.Count > MaxTags)
            throw new AwsErrorException(new AwsError(409, "LimitExceeded", "The number of tags has reached the maximum limit."));
        existing.Clear();
        existing.AddRange(merged);
    }

    private DateTimeOffset Now()
    {
        // IAM reports whole seconds.
        var now = _time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>IAM's unique ids: a 4-letter type prefix and 17 base-32 characters, 21 in all.</summary>
    private static string NewId(string prefix) =>
        prefix + new string(RandomNumberGenerator.GetItems<char>(IdAlphabet, 17));

    private static RoleState Copy(RoleState role) => role with
    {
        Tags = [.. role.Tags],
        InlinePolicies = [.. role.InlinePolicies],
        AttachedPolicyArns = [.. role.AttachedPolicyArns],
    };

    private static InstanceProfileState Copy(InstanceProfileState profile) => profile with { Tags = [.. profile.Tags] };

    /// <summary>Every role under the path prefix, by name (ListRoles).</summary>
    public IReadOnlyList<RoleState> ListRoles(string pathPrefix)
    {
        lock (_gate)
            return [.. _roles.Values.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
                .OrderBy(r => r.Name, StringComparer.Ordinal).Select(Copy)];
    }

    /// <summary>Every instance profile under the path prefix, by name (ListInstanceProfiles).</summary>
    public IReadOnlyList<InstanceProfileState> ListInstanceProfiles(string pathPrefix)
    {
        lock (_gate)
            return [.. _profiles.Values.Where(p => p.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
                .OrderBy(p => p.Name, StringComparer.Ordinal).Select(Copy)];
    }

    public RoleState? FindRole(string name)
    {
        lock (_gate)
            return _roles.GetValueOrDefault(name) is { } role ? Copy(role) : null;
    }

    private void Save() =>
        _file?.Save(new IamSnapshot(_roles.Values.ToList(), _profiles.Values.ToList()));

    private static AwsErrorException NoSuchEntity(string message) => new(new AwsError(404, "NoSuchEntity", message));

    private static AwsErrorException NoSuchRolePolicy(string policyName) =>
        NoSuchEntity($"The role policy with name {policyName} cannot be found.");

    private static AwsErrorException DeleteConflict(string message) => new(new AwsError(409, "DeleteConflict", message));
}
