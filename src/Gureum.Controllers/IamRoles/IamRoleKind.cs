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
    /// Read by a resync pass with no full read due, from the account's role listing: trust, policies, boundary,
    /// tags and whether the instance profile holds the role. The listing has no description or session length,
    /// and the profile itself was not read; the comparer leaves those out, status keeps what the last full read
    /// found, and a light state stands only while it shows no difference.
    /// </summary>
    public bool Light { get; init; }
}

/// <summary>
/// IamRole on the managed-resource kit: the role, its trust policy, inline and managed policies,
/// permissions boundary, tags and an instance profile of the same name. Ownership by tags.
/// </summary>
internal sealed class IamRoleKind(IIamClient iam, OperatorIdentity identity, bool allowWildcardTrust, TimeProvider time,
    TimeSpan fullReadEvery, TimeSpan listingFreshness)
    : IManagedKind<ApiIamRole, IamRoleSpec, IamRoleStatus, IamRoleState>
{
    // IAM describes no roles by name in bulk, and a full read is four calls or more a role under a low rate. A resync
    // pass with no full read due looks its role up in one listing of the account's roles (GetAccountAuthorizationDetails,
    // 1,000 a call) shared by every pass while younger than listingFreshness; a difference there, or a role it does
    // not show, brings the full read, so act always works from everything.
    private readonly FullReads _fullReads = new(time, fullReadEvery);
    private readonly SharedListing<IReadOnlyDictionary<string, IamRoleDetail>> _listing = new(async token =>
    {
        var byName = new Dictionary<string, IamRoleDetail>(StringComparer.OrdinalIgnoreCase);
        foreach (var detail in await iam.ListRoleDetailsAsync(token))
            byName[detail.RoleName] = detail;
        return byName;
    }, listingFreshness, time);

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
        var uid = resource.Metadata.Uid ?? "";
        var generation = resource.Metadata.Generation ?? 0;
        if (!_fullReads.Due(uid, generation, resource.Status, pass)
            && await LightAsync(desired, fromServices, claim, resource.Status, cancellationToken) is { } light)
            return Observe.Found(light, subject, true, claim.ClassifyTags(ToMap(light.Role!.Tags)));
        var role = await iam.FindRoleAsync(name, cancellationToken);
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
    /// The light state from the listing when the role is listed, ours, on the spec's path, held by its instance
    /// profile exactly when the spec and the last full read (status) say so, and shows no difference; null
    /// otherwise (the pass then reads everything, so act never works from a part).
    /// </summary>
    private async Task<IamRoleState?> LightAsync(DesiredRole desired, bool fromServices, OwnerClaim claim, IamRoleStatus? status,
        CancellationToken cancellationToken)
    {
        if (await ListedAsync(desired.Name, cancellationToken) is not { } listed
            || claim.ClassifyTags(ToMap(listed.Tags)).Kind != OwnershipKind.Ours || listed.Path != desired.Path)
            return null;
        var profileHoldsRole = listed.InstanceProfileNames.Contains(desired.Name, StringComparer.OrdinalIgnoreCase);
        if (desired.InstanceProfile != profileHoldsRole || desired.InstanceProfile != (status?.InstanceProfileArn is not null))
            return null;
        // Description and session length are not in the listing: left out of the light comparison.
        var role = new AwsRole(listed.RoleName, listed.RoleId, listed.Arn, listed.Path, default, listed.AssumeRolePolicyDocument,
            null, 0, listed.PermissionsBoundaryArn, listed.Tags);
        var light = new IamRoleState(desired, fromServices, role, listed.InlinePolicies, listed.AttachedPolicyArns, null, false) { Light = true };
        return RoleComparer.Compare(light).Count == 0 ? light : null;
    }

    /// <summary>
    /// The role as the shared listing shows it; null when it does not, or the listing cannot be had (a policy
    /// without iam:GetAccountAuthorizationDetails: passes then read their roles alone, and the listing is asked
    /// for again after a full-read period).
    /// </summary>
    private async Task<IamRoleDetail?> ListedAsync(string name, CancellationToken cancellationToken) =>
        (await _listing.TryGetAsync(fullReadEvery, cancellationToken))?.GetValueOrDefault(name);

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
