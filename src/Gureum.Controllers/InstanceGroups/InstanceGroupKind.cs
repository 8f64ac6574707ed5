using System.Globalization;
using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Aws.Errors;
using Gureum.Controllers.Common;
using Gureum.Runtime.Cache;

namespace Gureum.Controllers.InstanceGroups;

/// <summary>
/// InstanceGroup on the managed-resource kit: a launch template whose default version follows
/// spec.template, and an Auto Scaling group pinned to that version, with the referenced
/// LoadBalancers' target groups and one target tracking policy. Ownership by tags on both. The
/// desired capacity is the scaler's once a policy is set; a template change is rolled out by an
/// instance refresh (Rolling) or left to new instances (OnDelete).
/// </summary>
internal sealed class InstanceGroupKind : IManagedKind<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus, GroupState>
{
    /// <summary>Auto Scaling takes at most 100 group names a DescribeAutoScalingGroups.</summary>
    public const int GroupsPerDescribe = 100;

    /// <summary>EC2 takes at most 200 values in a filter (DescribeLaunchTemplates by launch-template-name).</summary>
    public const int TemplatesPerDescribe = 200;

    private readonly IEc2ComputeClient ec2;
    private readonly IAutoScalingClient autoScaling;
    private readonly IEc2NetworkClient network;
    private readonly IResourceCache<IamRole>? roles;
    private readonly IResourceCache<LoadBalancer>? loadBalancers;
    private readonly OperatorIdentity identity;
    private readonly FullReads _fullReads;

    // Two lookups of each: a pass that reads fully (first pass, spec edit, after a write) waits the short window;
    // a resync pass waits the long one, so one describe gathers up to 100 (200) of the resync's passes.
    private readonly BatchedLookup<string, AsgGroup> _groups;
    private readonly BatchedLookup<string, AsgGroup> _groupsResync;
    private readonly BatchedLookup<string, Ec2LaunchTemplate> _templates;
    private readonly BatchedLookup<string, Ec2LaunchTemplate> _templatesResync;

    /// <summary>
    /// Every scaling policy of the region, shared by the resync passes of a wave (DescribePolicies without a group:
    /// N/100 calls), so a policy changed, added or removed out of band is seen within the drift interval.
    /// </summary>
    private readonly SharedListing<ILookup<string, AsgScalingPolicy>> _allPolicies;

    /// <summary>What the last full read saw that only per-object calls return: the default version's data and the policies.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Ec2LaunchTemplateVersion? Version, IReadOnlyList<AsgScalingPolicy> Policies)> _seen =
        new(StringComparer.Ordinal);

    public InstanceGroupKind(
        IEc2ComputeClient ec2,
        IAutoScalingClient autoScaling,
        IEc2NetworkClient network,
        IResourceCache<IamRole>? roles,
        IResourceCache<LoadBalancer>? loadBalancers,
        OperatorIdentity identity,
        TimeProvider time,
        TimeSpan lookupWindow,
        TimeSpan resyncLookupWindow,
        TimeSpan fullReadEvery,
        TimeSpan listingFreshness)
    {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
        this.network = network;
        this.roles = roles;
        this.loadBalancers = loadBalancers;
        this.identity = identity;
        _fullReads = new FullReads(time, fullReadEvery);
        _allPolicies = new(async ct => (await autoScaling.DescribeAllPoliciesAsync(ct)).ToLookup(p => p.GroupName, StringComparer.Ordinal),
            listingFreshness, time);
        // Both describes leave unknown names out (never an error for one name), so a batch needs no splitting.
        async Task<IReadOnlyDictionary<string, AsgGroup>> Groups(IReadOnlyList<string> names, CancellationToken ct) =>
            ByName(await autoScaling.DescribeAutoScalingGroupsAsync(names, ct), g => g.Name);
        async Task<IReadOnlyDictionary<string, Ec2LaunchTemplate>> Templates(IReadOnlyList<string> names, CancellationToken ct) =>
            ByName(await ec2.FindLaunchTemplatesByNameAsync(names, ct), t => t.LaunchTemplateName);
        _groups = new(Groups, GroupsPerDescribe, lookupWindow, time);
        _groupsResync = new(Groups, GroupsPerDescribe, resyncLookupWindow, time);
        _templates = new(Templates, TemplatesPerDescribe, lookupWindow, time);
        _templatesResync = new(Templates, TemplatesPerDescribe, resyncLookupWindow, time);
    }

    private static IReadOnlyDictionary<string, T> ByName<T>(IEnumerable<T> items, Func<T, string> key) =>
        items.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public string KindName => InstanceGroup.KindName;

    public IReadOnlyList<FieldError> Validate(InstanceGroup resource) => InstanceGroupValidator.Validate(resource.Spec);

    public Task<IReadOnlyList<FieldError>> ValidateWithAwsAsync(InstanceGroup resource, CancellationToken cancellationToken) =>
        NetworkIds.MissingAsync(network, [
            new NetworkIds.Field("spec.template.imageId", Ec2ResourceKind.Image, [resource.Spec.Template.ImageId]) { Single = true },
            new NetworkIds.Field("spec.subnetIds", Ec2ResourceKind.Subnet, resource.Spec.SubnetIds),
            new NetworkIds.Field("spec.template.securityGroupIds", Ec2ResourceKind.SecurityGroup, resource.Spec.Template.SecurityGroupIds),
        ], cancellationToken);

    private OwnerClaim ClaimOf(InstanceGroup resource) =>
        OwnerClaim.For(identity, resource.Metadata.NamespaceProperty, InstanceGroup.KindName, resource.Metadata.Name);

    public async Task<Observation<GroupState>> ObserveAsync(InstanceGroup resource, PassContext pass, CancellationToken cancellationToken)
    {
        var spec = resource.Spec;
        string? profileArn = null;
        if (spec.Template.IamRoleRef is { } roleRef)
        {
            var role = References.Resolve(roles, resource, roleRef, r => r.Status?.InstanceProfileArn is { Length: > 0 } ? null : "it has no instance profile yet");
            if (role.Target is { Spec.InstanceProfile.Enabled: false } or { Spec.InstanceProfile: null })
                return Observe.Stopped<GroupState>(PassOutcome.Stalled(ConditionReasons.InvalidSpec,
                    $"spec.template.iamRoleRef: IamRole {roleRef.Name} has no instance profile; set spec.instanceProfile.enabled: true on it"));
            if (!role.IsReady)
                return References.Waiting<GroupState, IamRole>(role, IamRole.KindName, roleRef);
            profileArn = role.Target!.Status!.InstanceProfileArn;
        }
        var targetGroups = new List<string>();
        string? requestLabel = null;
        foreach (var lbRef in spec.LoadBalancerRefs ?? [])
        {
            var lb = References.Resolve(loadBalancers, resource, lbRef, l => l.Status?.TargetGroupArn is { Length: > 0 } ? null : "it has no target group yet");
            if (!lb.IsReady)
                return References.Waiting<GroupState, LoadBalancer>(lb, LoadBalancer.KindName, lbRef);
            targetGroups.Add(lb.Target!.Status!.TargetGroupArn!);
            requestLabel ??= RequestCountLabel(lb.Target.Status.Arn, lb.Target.Status.TargetGroupArn);
        }

        var name = GroupNames.For(resource.Metadata.NamespaceProperty, resource.Metadata.Name);
        var claim = ClaimOf(resource);
        var desired = DesiredGroup.From(spec, name, claim, profileArn, targetGroups, requestLabel);
        var state = GroupState.Absent(desired);

        var uid = resource.Metadata.Uid ?? resource.Metadata.Name;
        var generation = resource.Metadata.Generation ?? 0;
        var full = _fullReads.Due(uid, generation, resource.Status, pass);
        var findTemplate = (full ? _templates : _templatesResync).GetAsync(name, cancellationToken);
        var findGroup = (full ? _groups : _groupsResync).GetAsync(name, cancellationToken);
        var template = await findTemplate;
        var group = await findGroup;
        var groupOwner = group is null ? null : claim.ClassifyTags(GroupComparer.GroupTags(group));
        var templateOwner = template is null ? null : claim.ClassifyTags(ToMap(template.Tags));
        // Whose it is: the group's tags, or with no group, the launch template's.
        var ownership = groupOwner ?? templateOwner;
        if (groupOwner is { Kind: OwnershipKind.Ours } && templateOwner is { Kind: not OwnershipKind.Ours })
            ownership = templateOwner;
        var subject = groupOwner is not null && ownership == groupOwner ? $"Auto Scaling group {name}" : $"launch template {name}";
        state = state with { Template = template, Group = group };
        if (ownership is { Kind: not OwnershipKind.Ours })
            return Observe.Found(state, subject, true, ownership);

        if (!full && _seen.TryGetValue(uid, out var seen))
        {
            // The region's policy listing when it can be had; without it (refused or busy), what the last full read saw.
            var policies = await _allPolicies.TryGetAsync(_fullReads.Every, cancellationToken) is { } all ? [.. all[name]] : seen.Policies;
            if (Light(state, ownership, seen with { Policies = policies }) is { } light)
                return Observe.Found(light, $"Auto Scaling group {name}", true, ownership);
        }

        if (template is not null)
            state = state with
            {
                DefaultVersion = (await ec2.DescribeLaunchTemplateVersionsAsync(template.LaunchTemplateId, [AsgValues.Default], cancellationToken)).SingleOrDefault(),
            };
        if (group is not null)
        {
            // Every full read: a policy of our name added, changed or removed out of band is seen whatever the spec says.
            state = state with { Policies = await autoScaling.DescribePoliciesAsync(name, cancellationToken) };
            var specChanged = resource.Status?.SyncedGeneration != resource.Metadata.Generation;
            if (specChanged || state.OutdatedInstances.Count > 0 || IsRunning(resource.Status?.InstanceRefresh?.Status))
                state = state with { LatestRefresh = await autoScaling.DescribeInstanceRefreshesAsync(name, cancellationToken) is [var latest, ..] ? latest : null };
        }
        _fullReads.Done(uid, generation);
        _seen[uid] = (state.DefaultVersion, state.Policies);
        return Observe.Found(state, $"Auto Scaling group {name}", group is not null || template is not null, ownership) with
        {
            Settling = Settling(state),
        };
    }

    /// <summary>
    /// A resync pass's read when no full read is due: the group and the template from the shared describes, the
    /// default version's data as the last full read saw it, and the policies from the region's listing. The data of a version never changes
    /// in EC2, and the template names its default version number, so it stands only while that number (and the
    /// template id) is the one read then. Null (read everything) when the template or group is missing or not ours,
    /// the default version moved, instances run another version, or the light state shows any difference or
    /// anything settling: act never works from a partial picture.
    /// </summary>
    private static GroupState? Light(GroupState state, Ownership? ownership,
        (Ec2LaunchTemplateVersion? Version, IReadOnlyList<AsgScalingPolicy> Policies)? seen)
    {
        if (ownership is not { Kind: OwnershipKind.Ours } || state.Template is not { } template || state.Group is null
            || seen?.Version is not { } version || version.LaunchTemplateId != template.LaunchTemplateId
            || version.VersionNumber != template.DefaultVersionNumber)
            return null;
        var light = state with { DefaultVersion = version, Policies = seen.Value.Policies };
        return light.OutdatedInstances.Count == 0 && GroupComparer.Compare(light).Count == 0 && Settling(light) is null ? light : null;
    }

    private static string? Settling(GroupState state)
    {
        if (state.Group is not { } group)
            return null;
        if (state.RefreshRunning)
            return $"instance refresh {state.LatestRefresh!.InstanceRefreshId} is {state.LatestRefresh.Status} ({state.LatestRefresh.PercentageComplete ?? 0}% complete)";
        if (state.InService < group.DesiredCapacity || state.Healthy < state.InService)
            return $"{state.InService} of {group.DesiredCapacity} instances in service, {state.Healthy} healthy";
        return null;
    }

    public IReadOnlyList<DriftEntry> Compare(GroupState state) => GroupComparer.Compare(state);

    public async Task<ActResult> ActAsync(InstanceGroup resource, GroupState state, WriteKind write, IReadOnlyList<DriftEntry> differences, CancellationToken cancellationToken)
    {
        var desired = state.Desired;
        var done = new List<string>();
        var uid = resource.Metadata.Uid ?? resource.Metadata.Name;
        // The next pass reads everything again, whatever this one manages to write.
        _fullReads.Forget(uid);

        var template = state.Template;
        var version = state.DefaultVersion;
        var newVersion = false;
        if (template is null)
        {
            template = await CreateTemplateAsync(desired, uid, cancellationToken);
            version = new Ec2LaunchTemplateVersion(template.LaunchTemplateId, template.DefaultVersionNumber, true, desired.Template);
            done.Add("created the launch template");
        }
        else if (version is null || GroupComparer.Template(desired.Template, version.Data).Any())
        {
            // Same data, same token: a retried call returns the version the lost answer made.
            version = await ec2.CreateLaunchTemplateVersionAsync(template.LaunchTemplateId, desired.Template,
                ClientToken.For(uid, "launch-template-version", DataKey(desired.Template)), cancellationToken);
            template = await ec2.SetDefaultVersionAsync(template.LaunchTemplateId, version.VersionNumber, cancellationToken);
            newVersion = true;
            done.Add($"launch template version {version.VersionNumber}");
        }
        await ApplyTemplateTagsAsync(template, desired, done, cancellationToken);
        var pinned = new AsgLaunchTemplate(template.LaunchTemplateId, null, version!.VersionNumber.ToString(CultureInfo.InvariantCulture));

        var group = state.Group;
        if (group is null)
        {
            await CreateGroupAsync(desired, pinned, cancellationToken);
            done.Add($"created the Auto Scaling group ({desired.MinSize}..{desired.MaxSize})");
        }
        else
        {
            await UpdateGroupAsync(desired, group, pinned, done, cancellationToken);
            await ApplyTargetGroupsAsync(desired, group, done, cancellationToken);
            await ApplyGroupTagsAsync(desired, group, done, cancellationToken);
        }
        await ApplyPolicyAsync(desired, state.OurPolicy, done, cancellationToken);

        // A template change reaches running instances through a refresh (Rolling only).
        var outdated = newVersion ? group?.Instances.Count ?? 0 : state.OutdatedInstances.Count;
        if (group is not null && desired.Strategy.Type == UpdateStrategyType.Rolling && outdated > 0)
            done.Add(await RefreshAsync(desired, state, cancellationToken));

        var what = write switch
        {
            WriteKind.Create => "Created",
            WriteKind.Adopt => "Adopted",
            _ => "Updated",
        };
        return ActResult.Wrote(what, $"{what} instance group {desired.Name}: {string.Join(", ", done)}");
    }

    private async Task<Ec2LaunchTemplate> CreateTemplateAsync(DesiredGroup desired, string uid, CancellationToken cancellationToken)
    {
        try
        {
            return await ec2.CreateLaunchTemplateAsync(desired.Name, desired.Template, ToEc2Tags(desired.Tags),
                ClientToken.For(uid, "launch-template", DataKey(desired.Template)), cancellationToken);
        }
        catch (AwsException exists) when (exists.Kind == AwsErrorKind.AlreadyExists)
        {
            // Made by an earlier attempt whose answer was lost, with other data, or by someone else: look again.
            throw new GroupAppearedException($"launch template {desired.Name} was created outside this pass; looking at it again");
        }
    }

    private async Task CreateGroupAsync(DesiredGroup desired, AsgLaunchTemplate pinned, CancellationToken cancellationToken)
    {
        try
        {
            await autoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest(desired.Name, pinned, desired.MinSize, desired.MaxSize)
            {
                DesiredCapacity = desired.DesiredCapacity,
                SubnetIds = desired.SubnetIds,
                TargetGroupArns = desired.TargetGroupArns,
                HealthCheckType = desired.HealthCheckType,
                HealthCheckGracePeriod = desired.HealthCheckGracePeriod,
                DefaultInstanceWarmup = desired.Strategy.InstanceWarmupSeconds,
                Tags = GroupTags(desired),
            }, cancellationToken);
        }
        catch (AwsException exists) when (exists.Kind == AwsErrorKind.AlreadyExists)
        {
            // Auto Scaling has no idempotency token: a lost answer shows as AlreadyExists on the retry.
            var found = (await autoScaling.DescribeAutoScalingGroupsAsync([desired.Name], cancellationToken)).SingleOrDefault();
            if (found is null || OwnerClaim.FromTags(desired.Tags)!.ClassifyTags(GroupComparer.GroupTags(found)).Kind != OwnershipKind.Ours)
                throw new GroupAppearedException($"Auto Scaling group {desired.Name} was created outside this pass; looking at it again");
        }
    }

    private async Task UpdateGroupAsync(DesiredGroup desired, AsgGroup group, AsgLaunchTemplate pinned, List<string> done, CancellationToken cancellationToken)
    {
        var request = new UpdateAutoScalingGroupRequest(desired.Name);
        var changes = new List<string>();
        if (group.LaunchTemplate?.LaunchTemplateId != pinned.LaunchTemplateId || group.LaunchTemplate?.Version != pinned.Version)
        {
            request = request with { LaunchTemplate = pinned };
            changes.Add($"launch template version {pinned.Version}");
        }
        if (group.MinSize != desired.MinSize)
        {
            request = request with { MinSize = desired.MinSize };
            changes.Add($"min {desired.MinSize}");
        }
        if (group.MaxSize != desired.MaxSize)
        {
            request = request with { MaxSize = desired.MaxSize };
            changes.Add($"max {desired.MaxSize}");
        }
        if (desired.ManagedDesiredCapacity is { } capacity && group.DesiredCapacity != capacity)
        {
            request = request with { DesiredCapacity = capacity };
            changes.Add($"desired {capacity}");
        }
        else if (desired.CapacityBelongsToScaler && (group.DesiredCapacity < desired.MinSize || group.DesiredCapacity > desired.MaxSize))
        {
            // The scaler's number, brought inside the new bounds (AWS refuses one outside them).
            var bounded = Math.Clamp(group.DesiredCapacity, desired.MinSize, desired.MaxSize);
            request = request with { DesiredCapacity = bounded };
        }
        if (Drift.Set("", desired.SubnetIds, group.SubnetIds).Any())
        {
            request = request with { SubnetIds = desired.SubnetIds };
            changes.Add("subnets");
        }
        if (group.HealthCheckType != desired.HealthCheckType || group.HealthCheckGracePeriod != desired.HealthCheckGracePeriod)
        {
            request = request with { HealthCheckType = desired.HealthCheckType, HealthCheckGracePeriod = desired.HealthCheckGracePeriod };
            changes.Add($"health check {desired.HealthCheckType} after {desired.HealthCheckGracePeriod}s");
        }
        if (changes.Count == 0 && request.DesiredCapacity is null)
            return;
        await autoScaling.UpdateAutoScalingGroupAsync(request, cancellationToken);
        done.AddRange(changes);
    }

    private async Task ApplyTargetGroupsAsync(DesiredGroup desired, AsgGroup group, List<string> done, CancellationToken cancellationToken)
    {
        var attach = desired.TargetGroupArns.Except(group.TargetGroupArns, StringComparer.Ordinal).ToList();
        var detach = group.TargetGroupArns.Except(desired.TargetGroupArns, StringComparer.Ordinal).ToList();
        if (attach.Count > 0)
        {
            await autoScaling.AttachLoadBalancerTargetGroupsAsync(desired.Name, attach, cancellationToken);
            done.Add($"attached {attach.Count} target group(s)");
        }
        if (detach.Count > 0)
        {
            await autoScaling.DetachLoadBalancerTargetGroupsAsync(desired.Name, detach, cancellationToken);
            done.Add($"detached {detach.Count} target group(s)");
        }
    }

    private async Task ApplyGroupTagsAsync(DesiredGroup desired, AsgGroup group, List<string> done, CancellationToken cancellationToken)
    {
        var current = group.Tags.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var set = GroupTags(desired).Where(t => !current.TryGetValue(t.Key, out var have) || have.Value != t.Value || !have.PropagateAtLaunch).ToList();
        var removed = group.Tags.Where(t => !desired.Tags.ContainsKey(t.Key) && !t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)).ToList();
        if (set.Count > 0)
        {
            await autoScaling.CreateOrUpdateTagsAsync(set, cancellationToken);
            done.Add($"group tags {string.Join(", ", set.Select(t => t.Key))}");
        }
        if (removed.Count > 0)
        {
            await autoScaling.DeleteTagsAsync(removed, cancellationToken);
            done.Add($"removed group tags {string.Join(", ", removed.Select(t => t.Key))}");
        }
    }

    private async Task ApplyTemplateTagsAsync(Ec2LaunchTemplate template, DesiredGroup desired, List<string> done, CancellationToken cancellationToken)
    {
        // The template carries only the ownership claim; spec.tags go on the group, spec.template.tags on instances.
        var claim = OwnerClaim.FromTags(desired.Tags)!.Tags;
        var current = ToMap(template.Tags);
        var missing = claim.Where(t => !current.TryGetValue(t.Key, out var value) || value != t.Value).ToList();
        if (missing.Count == 0)
            return;
        await ec2.CreateTagsAsync([template.LaunchTemplateId], [.. missing.Select(t => new Ec2Tag(t.Key, t.Value))], cancellationToken);
        done.Add("launch template ownership tags");
    }

    private async Task ApplyPolicyAsync(DesiredGroup desired, AsgScalingPolicy? current, List<string> done, CancellationToken cancellationToken)
    {
        if (desired.Policy is { } want)
        {
            if (current is not null && current.MetricType == want.MetricType && current.TargetValue == want.TargetValue && current.ResourceLabel == want.ResourceLabel)
                return;
            await autoScaling.PutTargetTrackingPolicyAsync(new PutTargetTrackingPolicyRequest(desired.Name, GroupNames.ScalingPolicy, want.MetricType, want.TargetValue, want.ResourceLabel)
            {
                EstimatedInstanceWarmup = desired.Strategy.InstanceWarmupSeconds,
            }, cancellationToken);
            done.Add($"target tracking {want.MetricType} at {want.TargetValue.ToString(CultureInfo.InvariantCulture)}");
        }
        else if (current is not null)
        {
            await autoScaling.DeletePolicyAsync(desired.Name, current.PolicyName, cancellationToken);
            done.Add("removed the target tracking policy");
        }
    }

    private async Task<string> RefreshAsync(DesiredGroup desired, GroupState state, CancellationToken cancellationToken)
    {
        if (state.RefreshRunning)
        {
            // A refresh towards an older version: stop it; the next pass starts one towards this version.
            await Tolerate.AwsErrorAsync(() => autoScaling.CancelInstanceRefreshAsync(desired.Name, cancellationToken), AwsErrorKind.NotFound);
            return $"cancelled instance refresh {state.LatestRefresh!.InstanceRefreshId} (an older version)";
        }
        try
        {
            var id = await autoScaling.StartInstanceRefreshAsync(new StartInstanceRefreshRequest(desired.Name)
            {
                MinHealthyPercentage = desired.Strategy.MinHealthyPercentage,
                InstanceWarmup = desired.Strategy.InstanceWarmupSeconds,
            }, cancellationToken);
            return $"started instance refresh {id} (min healthy {desired.Strategy.MinHealthyPercentage}%)";
        }
        catch (AwsException running) when (running.Kind == AwsErrorKind.Conflict)
        {
            // One started by an earlier attempt whose answer was lost, or by someone else: the next pass follows it.
            return "an instance refresh is already running";
        }
    }

    /// <summary>Auto Scaling's order: detach the target groups, delete the group (its instances terminate), then the launch template.</summary>
    public async Task<CleanupResult> CleanupAsync(InstanceGroup resource, CancellationToken cancellationToken)
    {
        var claim = ClaimOf(resource);
        var name = GroupNames.For(resource.Metadata.NamespaceProperty, resource.Metadata.Name);
        var uid = resource.Metadata.Uid ?? resource.Metadata.Name;
        _fullReads.Forget(uid);
        _seen.TryRemove(uid, out _);
        var group = (await autoScaling.DescribeAutoScalingGroupsAsync([name], cancellationToken)).SingleOrDefault();
        if (group is not null)
        {
            if (claim.ClassifyTags(GroupComparer.GroupTags(group)).Kind != OwnershipKind.Ours)
                return CleanupResult.Done;
            if (group.Status is not { Length: > 0 })
            {
                if (group.TargetGroupArns.Count > 0)
                    await autoScaling.DetachLoadBalancerTargetGroupsAsync(name, group.TargetGroupArns, cancellationToken);
                await Tolerate.AwsErrorAsync(() => autoScaling.DeleteAutoScalingGroupAsync(name, forceDelete: true, cancellationToken), AwsErrorKind.NotFound);
            }
            // Deleting takes as long as the instances take to terminate.
            return CleanupResult.Later(TimeSpan.FromSeconds(5));
        }
        var template = (await ec2.FindLaunchTemplatesByNameAsync([name], cancellationToken)).SingleOrDefault();
        if (template is not null && claim.ClassifyTags(ToMap(template.Tags)).Kind == OwnershipKind.Ours)
            await ec2.DeleteLaunchTemplateAsync(template.LaunchTemplateId, cancellationToken);
        return CleanupResult.Done;
    }

    public InstanceGroupStatus Status(InstanceGroupStatus? previous, GroupState? state)
    {
        var group = state?.Group;
        var refresh = state?.LatestRefresh is { } latest
            ? new InstanceRefreshStatus { Id = latest.InstanceRefreshId, Status = latest.Status, PercentComplete = latest.PercentageComplete }
            : previous?.InstanceRefresh;
        return new InstanceGroupStatus
        {
            GroupName = group?.Name ?? previous?.GroupName,
            GroupArn = group?.Arn ?? previous?.GroupArn,
            LaunchTemplateId = state?.Template?.LaunchTemplateId ?? previous?.LaunchTemplateId,
            LaunchTemplateVersion = state?.Template?.DefaultVersionNumber ?? previous?.LaunchTemplateVersion,
            Instances = group is null
                ? previous?.Instances
                : new InstanceCounts { Desired = group.DesiredCapacity, InService = state!.InService, Healthy = state.Healthy },
            InstanceRefresh = refresh,
        };
    }

    /// <summary>A failed or cancelled refresh leaves instances on an older version: not Ready, and not retried until the template changes.</summary>
    public PassOutcome Reconsider(PassOutcome outcome, GroupState? state, InstanceGroupStatus? fresh) =>
        outcome.State == PassState.Ready && state?.LatestRefresh is { Status: AsgValues.RefreshFailed or AsgValues.RefreshCancelled } refresh
            && state.Desired.Strategy.Type == UpdateStrategyType.Rolling && state.OutdatedInstances.Count > 0
            ? outcome with
            {
                State = PassState.Waiting,
                Reason = ConditionReasons.InstanceRefreshFailed,
                Message = $"instance refresh {refresh.InstanceRefreshId} {refresh.Status}{(refresh.StatusReason is { } why ? ": " + why : "")}; " +
                    $"{state.OutdatedInstances.Count} instance(s) remain on older versions until spec.template changes",
            }
            : outcome;

    /// <summary>ALBRequestCountPerTarget's label: <c>app/lb/id/targetgroup/tg/id</c> from the two ARNs.</summary>
    internal static string? RequestCountLabel(string? loadBalancerArn, string? targetGroupArn)
    {
        const string lbMarker = ":loadbalancer/", tgMarker = ":targetgroup/";
        var lbAt = loadBalancerArn?.IndexOf(lbMarker, StringComparison.Ordinal) ?? -1;
        var tgAt = targetGroupArn?.IndexOf(tgMarker, StringComparison.Ordinal) ?? -1;
        return lbAt < 0 || tgAt < 0 ? null : $"{loadBalancerArn![(lbAt + lbMarker.Length)..]}/{targetGroupArn![(tgAt + 1)..]}";
    }

    private static bool IsRunning(string? refreshStatus) =>
        refreshStatus is AsgValues.RefreshPending or AsgValues.RefreshInProgress or AsgValues.RefreshCancelling;

    private static string DataKey(Ec2LaunchTemplateData data) => System.Text.Json.JsonSerializer.Serialize(data);

    private static IReadOnlyList<AsgTag> GroupTags(DesiredGroup desired) =>
        [.. desired.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new AsgTag(desired.Name, t.Key, t.Value, PropagateAtLaunch: true))];

    private static IReadOnlyList<Ec2Tag> ToEc2Tags(IReadOnlyDictionary<string, string> tags) =>
        [.. OwnerClaim.FromTags(tags)!.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Ec2Tag(t.Key, t.Value))];

    private static IReadOnlyDictionary<string, string> ToMap(IReadOnlyList<Ec2Tag> tags) =>
        tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

}

/// <summary>The group or template changed hands between observe and act: the next pass looks again.</summary>
internal sealed class GroupAppearedException(string message) : ExpectedRetryException(message);
