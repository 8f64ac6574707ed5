using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Errors;
using Gureum.Aws.Iam;
using Gureum.Controllers.Common;
using ApiIamRole = Gureum.Api.V1Alpha1.IamRole;
using AwsRole = Gureum.Aws.Iam.IamRole;

namespace Gureum.Controllers.IamRoles;

/// <summary>What one pass read of a role in IAM.</summary>
internal sealed record IamRoleState(
    DesiredRole Desired,
    bool TrustFromServices,
    AwsRole? Role,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns,
    IamInstanceProfile? Profile,
    bool ProfileOurs)
{
    /// <summary>
    /// Read by a resync pass with no full read due: the role and its policies, which are what grants access, so
    /// their drift is corrected within the drift interval; the instance profile was not read, the comparer leaves
    /// it out and status keeps what the last full read found.
    /// </summary>
    public bool Light { get; init; }
}

/// <summary>
/// IamRole on the managed-resource kit: the role, its trust policy, inline and managed policies,
/// permissions boundary, tags and an instance profile of the same name. Ownership by tags.
/// </summary>
internal sealed class IamRoleKind(IIamClient iam, OperatorIdentity identity, bool allowWildcardTrust, TimeProvider time, TimeSpan fullReadEvery)
    : IManagedKind<ApiIamRole, IamRoleSpec, IamRoleStatus, IamRoleState>
{
    // IAM batches nothing and its rate is low: a resync pass leaves out the instance profile (GetInstanceProfile),
    // which only a full read looks at; the role and its policies are read on every pass.
    private readonly FullReads _fullReads = new(time, fullReadEvery);

    public string KindName => ApiIamRole.KindName;

    public IReadOnlyList<FieldError> Validate(ApiIamRole resource) => IamRoleValidator.Validate(resource.Spec, allowWildcardTrust);

    private static string NameOf(ApiIamRole role) =>
        IamNames.RoleName(role.Metadata.NamespaceProperty, role.Metadata.Name, role.Spec.RoleName);

    private OwnerClaim ClaimOf(ApiIamRole role) =>
        OwnerClaim.For(identity, role.Metadata.NamespaceProperty, ApiIamRole.KindName, role.Metadata.Name);

    public async Task<Observation<IamRoleState>> ObserveAsync(ApiIamRole resource, PassContext pass, CancellationToken cancellationToken)
    {
        var name = NameOf(resource);
        var claim = ClaimOf(resource);
        var desired = DesiredRole.From(resource.Spec, name, claim);
        var fromServices = resource.Spec.AssumeRolePolicy is null;
        var subject = $"IAM role {name}";
        if (await OurRoleNamedBeforeAsync(resource, name, claim, cancellationToken) is { } before)
            // No state: status keeps the name the role really has, so cleanup still finds it.
            return Observe.Stopped<IamRoleState>(PassOutcome.Stalled(ConditionReasons.InvalidSpec,
                $"spec.roleName: IAM cannot rename role {before} to {name}; set the name back, " +
                "or delete this object and create it again to make a new role"));
        var role = await iam.FindRoleAsync(name, cancellationToken);
        var uid = resource.Metadata.Uid ?? "";
        var generation = resource.Metadata.Generation ?? 0;
        if (role is not null && !_fullReads.Due(uid, generation, resource.Status, pass) && LightEligible(desired, role, claim, resource.Status))
        {
            var (lightInline, lightAttached) = await ReadPoliciesAsync(name, cancellationToken);
            var light = new IamRoleState(desired, fromServices, role, lightInline, lightAttached, null, false) { Light = true };
            return Observe.Found(light, subject, true, claim.ClassifyTags(ToMap(role.Tags)));
        }
        var profile = desired.InstanceProfile || resource.Status?.InstanceProfileArn is not null
            ? await iam.FindInstanceProfileAsync(name, cancellationToken)
            : null;
        var profileOwnership = profile is null ? null : claim.ClassifyTags(ToMap(profile.Tags));
        var profileOurs = profileOwnership?.Kind == OwnershipKind.Ours;
        // A wanted instance profile of the role's name that is not ours stops us as the role itself
        // would (NotOwned, or adopted when asked), before anything is created beside it.
        var profileBlocks = desired.InstanceProfile && profileOwnership is { Kind: not OwnershipKind.Ours };
        var profileSubject = $"IAM instance profile {name}";
        if (role is null)
            return profileBlocks
                ? Observe.Found(new IamRoleState(desired, fromServices, null, new Dictionary<string, string>(), [], profile, profileOurs), profileSubject, true, profileOwnership)
                : Observe.Found(new IamRoleState(desired, fromServices, null, new Dictionary<string, string>(), [], profile, profileOurs), subject, false,
                    OwnershipOfProfile(claim, profile));

        var ownership = claim.ClassifyTags(ToMap(role.Tags));
        if (ownership.Kind == OwnershipKind.SomeoneElse)
            return Observe.Found(new IamRoleState(desired, fromServices, role, new Dictionary<string, string>(), [], profile, profileOurs), subject, true, ownership);
        if (role.Path != desired.Path)
            return Observe.Stopped(PassOutcome.Stalled(ConditionReasons.InvalidSpec,
                $"spec.path: IAM cannot change the path of role {name} (it is {role.Path}, the spec asks for {desired.Path}); " +
                "set the path back, or delete this object and create it again to make a new role"), new IamRoleState(desired, fromServices, role, new Dictionary<string, string>(), [], profile, profileOurs));

        var (inline, attached) = await ReadPoliciesAsync(name, cancellationToken);
        var observed = new IamRoleState(desired, fromServices, role, inline, attached, profile, profileOurs);
        _fullReads.Done(uid, generation);
        return ownership.Kind == OwnershipKind.Ours && profileBlocks
            ? Observe.Found(observed, profileSubject, true, profileOwnership)
            : Observe.Found(observed, subject, true, ownership);
    }

    /// <summary>
    /// Whether the instance profile can go unread: the role is ours, on the spec's path, and status says the last
    /// full read found the profile as the spec wants. Otherwise the pass reads everything.
    /// </summary>
    private static bool LightEligible(DesiredRole desired, AwsRole role, OwnerClaim claim, IamRoleStatus? status) =>
        claim.ClassifyTags(ToMap(role.Tags)).Kind == OwnershipKind.Ours && role.Path == desired.Path
        && desired.InstanceProfile == (status?.InstanceProfileArn is not null);

    private async Task<(Dictionary<string, string> Inline, List<string> Attached)> ReadPoliciesAsync(string name, CancellationToken cancellationToken)
    {
        var inline = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policyName in await iam.ListRolePoliciesAsync(name, cancellationToken))
            inline[policyName] = (await iam.GetRolePolicyAsync(name, policyName, cancellationToken)).PolicyDocument;
        var attached = (await iam.ListAttachedRolePoliciesAsync(name, cancellationToken)).Select(p => p.PolicyArn).ToList();
        return (inline, attached);
    }

    /// <summary>
    /// The role this object made under an earlier name (status.roleName), while it exists and is ours.
    /// IAM cannot rename a role: following a new spec.roleName would create a second role and orphan
    /// the first, so a rename is refused like a changed path.
    /// </summary>
    private async Task<string?> OurRoleNamedBeforeAsync(ApiIamRole resource, string name, OwnerClaim claim, CancellationToken cancellationToken)
    {
        if (resource.Status?.RoleName is not { Length: > 0 } before || string.Equals(before, name, StringComparison.OrdinalIgnoreCase))
            return null;
        var role = await iam.FindRoleAsync(before, cancellationToken);
        return role is not null && claim.ClassifyTags(ToMap(role.Tags)).Kind == OwnershipKind.Ours ? before : null;
    }

    /// <summary>With no role, an instance profile of its name claimed by someone else still blocks us.</summary>
    private static Ownership? OwnershipOfProfile(OwnerClaim claim, IamInstanceProfile? profile) =>
        profile is not null && claim.ClassifyTags(ToMap(profile.Tags)) is { Kind: OwnershipKind.SomeoneElse } other ? other : null;

    public IReadOnlyList<DriftEntry> Compare(IamRoleState state) => RoleComparer.Compare(state);

    public async Task<ActResult> ActAsync(ApiIamRole resource, IamRoleState state, WriteKind write, IReadOnlyList<DriftEntry> differences, CancellationToken cancellationToken)
    {
        // The next pass reads everything again, whatever this one manages to write.
        _fullReads.Forget(resource.Metadata.Uid ?? "");
        var desired = state.Desired;
        var done = new List<string>();
        if (state.Role is null)
        {
            // A new role has nothing attached yet: everything below applies in full.
            state = state with { Role = await CreateRoleAsync(desired, cancellationToken) };
            done.Add("created the role");
        }
        var role = state.Role!;
        var changed = RoleComparer.Compare(state).Select(d => d.Path).ToHashSet(StringComparer.Ordinal);

        if (changed.Contains("spec.assumeRolePolicy") || changed.Contains("spec.trustedServices"))
        {
            await iam.UpdateAssumeRolePolicyAsync(desired.Name, desired.TrustPolicy, cancellationToken);
            done.Add("trust policy");
        }
        if (changed.Contains("spec.description") || changed.Contains("spec.maxSessionDurationSeconds"))
        {
            await iam.UpdateRoleAsync(desired.Name, desired.Description, desired.MaxSessionDuration, cancellationToken);
            done.Add("description and session duration");
        }
        if (changed.Contains("spec.permissionsBoundaryArn"))
        {
            if (desired.PermissionsBoundaryArn is { } boundary)
                await iam.PutRolePermissionsBoundaryAsync(desired.Name, boundary, cancellationToken);
            else
                await Tolerate.AwsErrorAsync(() => iam.DeleteRolePermissionsBoundaryAsync(desired.Name, cancellationToken));
            done.Add("permissions boundary");
        }
        foreach (var (policyName, document) in desired.InlinePolicies)
            if (changed.Contains($"spec.inlinePolicies[{policyName}]"))
            {
                await iam.PutRolePolicyAsync(desired.Name, policyName, document, cancellationToken);
                done.Add($"inline policy {policyName}");
            }
        foreach (var extra in state.InlinePolicies.Keys.Except(desired.InlinePolicies.Keys, StringComparer.Ordinal))
        {
            await Tolerate.AwsErrorAsync(() => iam.DeleteRolePolicyAsync(desired.Name, extra, cancellationToken));
            done.Add($"removed inline policy {extra}");
        }
        foreach (var arn in desired.ManagedPolicyArns.Except(state.AttachedPolicyArns, StringComparer.Ordinal))
        {
            await iam.AttachRolePolicyAsync(desired.Name, arn, cancellationToken);
            done.Add($"attached {arn}");
        }
        foreach (var arn in state.AttachedPolicyArns.Except(desired.ManagedPolicyArns, StringComparer.Ordinal))
        {
            await Tolerate.AwsErrorAsync(() => iam.DetachRolePolicyAsync(desired.Name, arn, cancellationToken));
            done.Add($"detached {arn}");
        }
        await ApplyTagsAsync(desired, role, done, cancellationToken);
        // Adopting also claims a profile that already holds the role (no difference to apply there).
        if (changed.Contains(RoleComparer.InstanceProfilePath) || (write == WriteKind.Adopt && desired.InstanceProfile))
            await ApplyInstanceProfileAsync(resource, state, write, done, cancellationToken);

        var what = write switch
        {
            WriteKind.Create => "Created",
            WriteKind.Adopt => "Adopted",
            _ => "Updated",
        };
        return ActResult.Wrote(what, $"{what} IAM role {desired.Name}: {string.Join(", ", done)}");
    }

    /// <summary>The role as CreateRole answers it (no second read), or ours found after a lost answer.</summary>
    private async Task<AwsRole> CreateRoleAsync(DesiredRole desired, CancellationToken cancellationToken)
    {
        try
        {
            return await iam.CreateRoleAsync(new CreateRoleRequest(desired.Name, desired.TrustPolicy)
            {
                Path = desired.Path,
                Description = desired.Description.Length == 0 ? null : desired.Description,
                MaxSessionDuration = desired.MaxSessionDuration,
                PermissionsBoundaryArn = desired.PermissionsBoundaryArn,
                Tags = ToTags(desired.Tags),
            }, cancellationToken);
        }
        catch (AwsException exists) when (exists.Kind == AwsErrorKind.AlreadyExists)
        {
            // A retried create whose first answer was lost, or a role made meanwhile: carrying our
            // tags it is ours and the pass goes on; otherwise the next pass sees whose it is.
            var found = await iam.GetRoleAsync(desired.Name, cancellationToken);
            var ours = OwnerClaim.FromTags(desired.Tags)!;
            if (ours.ClassifyTags(ToMap(found.Tags)).Kind != OwnershipKind.Ours)
                throw new RoleAppearedException($"IAM role {desired.Name} was created outside this pass; looking at it again");
            return found;
        }
    }

    private async Task ApplyTagsAsync(DesiredRole desired, AwsRole role, List<string> done, CancellationToken cancellationToken)
    {
        var current = ToMap(role.Tags);
        var set = desired.Tags.Where(tag => !current.TryGetValue(tag.Key, out var value) || value != tag.Value).ToList();
        var removed = current.Keys.Where(key => !desired.Tags.ContainsKey(key) && !key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)).ToList();
        if (set.Count > 0)
        {
            await iam.TagRoleAsync(desired.Name, ToTags(set), cancellationToken);
            done.Add("tags " + string.Join(", ", set.Select(t => t.Key)));
        }
        if (removed.Count > 0)
        {
            await iam.UntagRoleAsync(desired.Name, removed, cancellationToken);
            done.Add("removed tags " + string.Join(", ", removed));
        }
    }

    private async Task ApplyInstanceProfileAsync(ApiIamRole resource, IamRoleState state, WriteKind write, List<string> done, CancellationToken cancellationToken)
    {
        var name = state.Desired.Name;
        var claim = ClaimOf(resource);
        if (!state.Desired.InstanceProfile)
        {
            await RemoveProfileAsync(name, state.Profile, cancellationToken);
            done.Add($"deleted instance profile {name}");
            return;
        }
        var profile = state.Profile;
        if (profile is null)
        {
            try
            {
                profile = await iam.CreateInstanceProfileAsync(name, state.Desired.Path, ToTags(claim.Tags), cancellationToken);
                done.Add($"created instance profile {name}");
            }
            catch (AwsException exists) when (exists.Kind == AwsErrorKind.AlreadyExists)
            {
                profile = await iam.GetInstanceProfileAsync(name, cancellationToken);
            }
        }
        var owner = claim.ClassifyTags(ToMap(profile.Tags));
        if (owner.Kind == OwnershipKind.NotManaged && write == WriteKind.Adopt)
        {
            await iam.TagInstanceProfileAsync(name, ToTags(claim.Tags), cancellationToken);
            done.Add($"adopted instance profile {name}");
        }
        else if (owner.Kind != OwnershipKind.Ours)
            throw new RoleAppearedException($"instance profile {name} exists and is {(owner.Owner is null ? "not managed by Gureum" : "owned by " + owner.Owner)}");
        if (profile.Roles.All(r => r.RoleName != name))
        {
            foreach (var other in profile.Roles)
                await iam.RemoveRoleFromInstanceProfileAsync(name, other.RoleName, cancellationToken);
            await iam.AddRoleToInstanceProfileAsync(name, name, cancellationToken);
            done.Add($"added the role to instance profile {name}");
        }
    }

    private async Task RemoveProfileAsync(string name, IamInstanceProfile? profile, CancellationToken cancellationToken)
    {
        if (profile is null)
            return;
        foreach (var held in profile.Roles)
            await Tolerate.AwsErrorAsync(() => iam.RemoveRoleFromInstanceProfileAsync(name, held.RoleName, cancellationToken));
        await Tolerate.AwsErrorAsync(() => iam.DeleteInstanceProfileAsync(name, cancellationToken));
    }

    /// <summary>What this object owns under the name its spec gives and under the name in status.</summary>
    public async Task<CleanupResult> CleanupAsync(ApiIamRole resource, CancellationToken cancellationToken)
    {
        var claim = ClaimOf(resource);
        // The role keeps the name in status when spec.roleName was changed afterwards (a rename is refused, not applied).
        foreach (var name in new[] { NameOf(resource), resource.Status?.RoleName }.OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
            await DeleteOursAsync(name, claim, cancellationToken);
        return CleanupResult.Done;
    }

    /// <summary>IAM's order: the role out of its profile, the profile, managed policies, inline policies, the role.</summary>
    private async Task DeleteOursAsync(string name, OwnerClaim claim, CancellationToken cancellationToken)
    {
        var profile = await iam.FindInstanceProfileAsync(name, cancellationToken);
        if (profile is not null && claim.ClassifyTags(ToMap(profile.Tags)).Kind == OwnershipKind.Ours)
            await RemoveProfileAsync(name, profile, cancellationToken);
        var role = await iam.FindRoleAsync(name, cancellationToken);
        if (role is null || claim.ClassifyTags(ToMap(role.Tags)).Kind != OwnershipKind.Ours)
            return;
        foreach (var attached in await iam.ListAttachedRolePoliciesAsync(name, cancellationToken))
            await Tolerate.AwsErrorAsync(() => iam.DetachRolePolicyAsync(name, attached.PolicyArn, cancellationToken));
        foreach (var policyName in await iam.ListRolePoliciesAsync(name, cancellationToken))
            await Tolerate.AwsErrorAsync(() => iam.DeleteRolePolicyAsync(name, policyName, cancellationToken));
        await Tolerate.AwsErrorAsync(() => iam.DeleteRoleAsync(name, cancellationToken));
    }

    public IamRoleStatus Status(IamRoleStatus? previous, IamRoleState? state) => new()
    {
        Arn = state?.Role?.Arn ?? previous?.Arn,
        RoleId = state?.Role?.RoleId ?? previous?.RoleId,
        RoleName = state?.Desired.Name ?? previous?.RoleName,
        InstanceProfileArn = state is null || state.Light ? previous?.InstanceProfileArn
            : state.Desired.InstanceProfile && state.Profile?.Roles.Any(r => r.RoleName == state.Desired.Name) == true ? state.Profile.Arn
            : null,
    };


    private static Dictionary<string, string> ToMap(IEnumerable<IamTag> tags) =>
        tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    private static IReadOnlyList<IamTag> ToTags(IEnumerable<KeyValuePair<string, string>> tags) =>
        [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new IamTag(t.Key, t.Value))];
}

/// <summary>The role (or its profile) changed hands between observe and act: the next pass looks again.</summary>
internal sealed class RoleAppearedException(string message) : ExpectedRetryException(message);
