using System.Globalization;
using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Ec2;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Aws.Errors;
using Gureum.Controllers.Common;

namespace Gureum.Controllers.LoadBalancers;

/// <summary>
/// LoadBalancer on the managed-resource kit: the load balancer, its one target group and its
/// listeners. Ownership by tags on the load balancer and the target group. Fields ELBv2 cannot
/// change in place are never replaced silently: the object stalls with ReplacementRequired, unless
/// the annotation allows replacement: target group fields differing make a new target group; type or
/// scheme differing make a new load balancer and a new target group, status moving to them before
/// the old ones are deleted.
/// Reads go through lookups shared by every LoadBalancer's passes, so N objects cost about N/20
/// describes; the per-resource reads (attributes, target health, listeners by load balancer) are
/// made only when a full read is due (<see cref="FullReads"/>).
/// </summary>
internal sealed class LoadBalancerKind : IManagedKind<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus, LoadBalancerState>
{
    /// <summary>ELBv2 takes at most 20 names or ARNs a describe.</summary>
    public const int KeysPerDescribe = 20;

    private readonly IElbv2Client elbv2;
    private readonly IEc2NetworkClient ec2;
    private readonly OperatorIdentity identity;
    private readonly FullReads _fullReads;
    private readonly BatchedLookup<string, Elbv2LoadBalancer> _loadBalancers;
    private readonly BatchedLookup<string, Elbv2TargetGroup> _targetGroups;
    private readonly BatchedLookup<string, IReadOnlyDictionary<string, string>> _tags;
    private readonly BatchedLookup<string, Elbv2Listener> _listeners;
    private readonly SharedListing<IReadOnlyList<Elbv2LoadBalancer>> _allLoadBalancers;

    public LoadBalancerKind(IElbv2Client elbv2, IEc2NetworkClient ec2, OperatorIdentity identity, TimeProvider time, TimeSpan lookupWindow, TimeSpan fullReadEvery, TimeSpan leftoverListingFreshness)
    {
        this.elbv2 = elbv2;
        this.ec2 = ec2;
        this.identity = identity;
        _fullReads = new FullReads(time, fullReadEvery);
        // Unknown names are left out by the Find calls; an unknown ARN fails DescribeTags/DescribeListeners
        // for the whole batch, so such a batch is asked again ARN by ARN (each caller its own answer).
        static bool NotFound(Exception e) => e is AwsException { Kind: AwsErrorKind.NotFound };
        _loadBalancers = new(async (names, ct) => ByKey(await elbv2.FindLoadBalancersByNameAsync(names, ct), lb => lb.Name),
            KeysPerDescribe, lookupWindow, time);
        _targetGroups = new(async (names, ct) => ByKey(await elbv2.FindTargetGroupsByNameAsync(names, ct), group => group.Name),
            KeysPerDescribe, lookupWindow, time);
        _tags = new(async (arns, ct) => (await elbv2.DescribeTagsAsync(arns, ct))
                .GroupBy(d => d.ResourceArn, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => TagsOf(g.ToList(), g.Key), StringComparer.Ordinal),
            KeysPerDescribe, lookupWindow, time, splitOn: NotFound);
        _listeners = new(async (arns, ct) =>
            {
                try
                {
                    return ByKey(await elbv2.DescribeListenersByArnAsync(arns, ct), l => l.Arn);
                }
                catch (AwsException e) when (arns.Count == 1 && NotFound(e))
                {
                    // A listener status names that is gone (deleted out of band): absent, and the pass reads fully.
                    return new Dictionary<string, Elbv2Listener>();
                }
            },
            KeysPerDescribe, lookupWindow, time, splitOn: NotFound);
        // What an interrupted replacement left behind is looked for under every name the object's load balancer may
        // have, most of which do not exist: by name, a batch with one unknown name fails whole and is asked again
        // name by name. One listing of the region's load balancers (a page of 400; ELBv2's default quota is 50)
        // answers every object's question for a while instead.
        _allLoadBalancers = new(elbv2.DescribeAllLoadBalancersAsync, leftoverListingFreshness, time);
    }

    private static IReadOnlyDictionary<string, T> ByKey<T>(IEnumerable<T> items, Func<T, string> key) =>
        items.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public string KindName => LoadBalancer.KindName;

    public IReadOnlyList<FieldError> Validate(LoadBalancer resource) => LoadBalancerValidator.Validate(resource.Spec);

    /// <summary>Subnets and security groups the spec names must exist before ELBv2 is asked to use them.</summary>
    public Task<IReadOnlyList<FieldError>> ValidateWithAwsAsync(LoadBalancer resource, CancellationToken cancellationToken) =>
        NetworkIds.MissingAsync(ec2, [
            new NetworkIds.Field("spec.subnetIds", Ec2ResourceKind.Subnet, resource.Spec.SubnetIds),
            new NetworkIds.Field("spec.securityGroupIds", Ec2ResourceKind.SecurityGroup, resource.Spec.SecurityGroupIds),
        ], cancellationToken);

    private OwnerClaim ClaimOf(LoadBalancer resource) =>
        OwnerClaim.For(identity, resource.Metadata.NamespaceProperty, LoadBalancer.KindName, resource.Metadata.Name);

    public async Task<Observation<LoadBalancerState>> ObserveAsync(LoadBalancer resource, PassContext pass, CancellationToken cancellationToken)
    {
        var claim = ClaimOf(resource);
        var name = ElbNames.For(resource.Metadata.NamespaceProperty, resource.Metadata.Name);
        var desired = DesiredLoadBalancer.From(resource.Spec, name, claim);
        var subject = $"load balancer {name}";
        var uid = resource.Metadata.Uid ?? "";
        var generation = resource.Metadata.Generation ?? 0;
        var full = _fullReads.Due(uid, generation, resource.Status, pass);

        // One round of batched reads: by name, and (speculatively) by the ARNs status holds, all at once, so a
        // pass waits one lookup window; an ARN that turns out different is read again.
        var status = resource.Status;
        var ns = resource.Metadata.NamespaceProperty;
        // The load balancer status names (a replacement's name once replaced), else the object's own name.
        var lbName = LoadBalancerNameInArn(status?.Arn) ?? name;
        var findLb = _loadBalancers.GetAsync(lbName, cancellationToken);
        // The target group status names (a replacement's name once replaced), else the object's own name.
        var groupName = NameInArn(status?.TargetGroupArn) ?? name;
        var findGroup = _targetGroups.GetAsync(groupName, cancellationToken);
        var readLbTags = TagsAsync(status?.Arn, cancellationToken);
        var readGroupTags = TagsAsync(status?.TargetGroupArn, cancellationToken);
        var readListeners = !full && status?.ListenerArns is { Count: > 0 } known
            ? Task.WhenAll(known.Select(arn => _listeners.GetAsync(arn, cancellationToken)))
            : null;
        var lb = await findLb;
        var group = await findGroup;
        // Status names a load balancer that is gone (replaced since, or deleted): the other names it may have.
        if (lb is null && status?.Arn is not null)
            foreach (var candidate in new[] { name, ElbNames.Replacement(ns, resource.Metadata.Name, desired.LoadBalancerVariant) })
                if (lb is null && candidate != lbName)
                    lb = await _loadBalancers.GetAsync(candidate, cancellationToken);
        // Status names a target group that is gone (replaced since): the other names this object's target group may have.
        if (group is null && status?.TargetGroupArn is not null)
            foreach (var candidate in new[] { name, ElbNames.Replacement(resource.Metadata.NamespaceProperty, resource.Metadata.Name, desired.TargetGroupVariant) })
                if (group is null && candidate != groupName)
                    group = await _targetGroups.GetAsync(candidate, cancellationToken);
        if (group is not null)
            desired = desired with { TargetGroupName = group.Name };
        var lbTags = lb?.Arn == status?.Arn ? await readLbTags : await TagsAsync(lb?.Arn, cancellationToken);
        var groupTags = group?.Arn == status?.TargetGroupArn ? await readGroupTags : await TagsAsync(group?.Arn, cancellationToken);
        var state = LoadBalancerState.Absent(desired) with { LoadBalancer = lb, LoadBalancerTags = lbTags, TargetGroup = group, TargetGroupTags = groupTags };

        // Whose it is: the load balancer's tags, or with none, a target group of our name.
        var ownership = lb is not null ? claim.ClassifyTags(lbTags)
            : group is not null && claim.ClassifyTags(groupTags) is { Kind: OwnershipKind.SomeoneElse } other ? other
            : null;
        if (lb is null || ownership?.Kind == OwnershipKind.SomeoneElse)
            return Observe.Found(state, subject, lb is not null, ownership);
        if (group is not null && claim.ClassifyTags(groupTags) is { Kind: OwnershipKind.SomeoneElse } groupOwner)
            return Observe.Found(state, $"target group {name}", true, groupOwner);

        // The load balancer found is the one this object uses now (its own name or a replacement's).
        state = state with { Desired = state.Desired with { Name = lb.Name } };
        var immutable = LoadBalancerComparer.Immutable(state);
        if (immutable.Count > 0)
        {
            var lbFields = immutable.Where(LoadBalancerComparer.IsLoadBalancerField).ToList();
            var groupFields = immutable.Where(entry => !LoadBalancerComparer.IsLoadBalancerField(entry)).ToList();
            if (!PassPolicy.AllowsReplacement(resource.Metadata) || ownership?.Kind != OwnershipKind.Ours
                || (immutable.Count > 0 && (group is null || claim.ClassifyTags(groupTags).Kind != OwnershipKind.Ours)))
                return Observe.Stopped(PassOutcome.Stalled(ConditionReasons.ReplacementRequired,
                    $"{Drift.Describe(immutable)}: ELBv2 cannot change this in place; replacing creates " + (lbFields.Count > 0
                        ? "a new load balancer (a new DNS name: DnsRecords with alias.loadBalancerRef follow it) and a new target group (ELBv2 " +
                          "lets a target group serve one load balancer), creates the listeners on it, moves status to it and deletes the old ones"
                        : "a new target group, points the listeners at it and deletes the old one") +
                    $". Set the field back, or annotate {Annotations.AllowReplacement}: \"true\""), state);
            // A new load balancer needs a new target group too: ELBv2 associates a target group with one load balancer only.
            {
                if (await ReplacementAsync(resource, claim, state, group!, cancellationToken) is not { } replacing)
                    return Observe.Stopped(PassOutcome.Stalled(ConditionReasons.ReplacementRequired,
                        $"{Drift.Describe(immutable)}: the replacement target group's name is taken by a target group that is not ours or does not fit the spec"), state);
                state = replacing;
            }
            if (lbFields.Count > 0)
            {
                var protectedOld = await IsProtectedAsync(lb.Arn, cancellationToken);
                if (protectedOld && resource.Spec.DeletionProtection)
                    return Observe.Stopped(PassOutcome.Stalled(ConditionReasons.ReplacementRequired,
                        $"{Drift.Describe(lbFields)}: replacing deletes load balancer {lb.Name}, which has deletion protection on and spec.deletionProtection " +
                        "asks for it: set spec.deletionProtection to false to let the replacement go on"), state);
                if (await LoadBalancerReplacementAsync(resource, claim, state, new ReplacedLoadBalancer(lb, protectedOld), cancellationToken) is not { } replacing)
                    return Observe.Stopped(PassOutcome.Stalled(ConditionReasons.ReplacementRequired,
                        $"{Drift.Describe(lbFields)}: the replacement load balancer's name is taken by a load balancer that is not ours or does not fit the spec"), state);
                state = replacing;
            }
        }
        else if (full && ownership?.Kind == OwnershipKind.Ours)
        {
            // A replacement that moved status to the new load balancer and did not get to delete the old one: found under
            // the object's other names in the region's listing.
            var leftovers = new List<ReplacedLoadBalancer>();
            var names = ElbNames.LoadBalancerNames(ns, resource.Metadata.Name).Where(candidate => candidate != lb.Name).ToHashSet(StringComparer.Ordinal);
            var others = (await _allLoadBalancers.GetAsync(cancellationToken)).Where(other => names.Contains(other.Name));
            foreach (var leftover in others)
            {
                if (claim.ClassifyTags(await TagsAsync(leftover.Arn, cancellationToken)).Kind != OwnershipKind.Ours)
                    continue;
                var protectedOld = await IsProtectedAsync(leftover.Arn, cancellationToken);
                if (protectedOld && resource.Spec.DeletionProtection)
                    return Observe.Stopped(PassOutcome.Stalled(ConditionReasons.ReplacementRequired,
                        $"load balancer {leftover.Name}, replaced by {lb.Name}, has deletion protection on and spec.deletionProtection asks for it: " +
                        "set spec.deletionProtection to false to let the replacement delete it"), state);
                leftovers.Add(new ReplacedLoadBalancer(leftover, protectedOld));
            }
            // The target group the old load balancer's listeners forwarded to: the other name this object's target group may have.
            var leftoverGroups = new List<Elbv2TargetGroup>();
            if (leftovers.Count > 0 && group is not null)
                foreach (var candidate in new[] { name, ElbNames.Replacement(ns, resource.Metadata.Name, desired.TargetGroupVariant) }.Where(candidate => candidate != group.Name))
                    if (await _targetGroups.GetAsync(candidate, cancellationToken) is { } oldGroup
                        && claim.ClassifyTags(await TagsAsync(oldGroup.Arn, cancellationToken)).Kind == OwnershipKind.Ours)
                        leftoverGroups.Add(oldGroup);
            state = state with { ReplacedLoadBalancers = leftovers, ReplacedTargetGroups = leftoverGroups };
        }

        var settling = state.LoadBalancer is { } now && now.State != Elbv2Values.Active ? $"load balancer {now.Name} is {now.State}" : null;
        if (!full && settling is null && ownership?.Kind == OwnershipKind.Ours && state.TargetGroup is not null && state.LoadBalancer is not null
            && state.ReplacedLoadBalancers.Count == 0
            && readListeners is not null && await LightAsync(status!, state, await readListeners, cancellationToken) is { } light)
            return Observe.Found(light, subject, true, ownership);

        if (state.LoadBalancer is { } current)
            state = state with
            {
                LoadBalancerAttributes = await elbv2.DescribeLoadBalancerAttributesAsync(current.Arn, cancellationToken),
                Listeners = await elbv2.DescribeListenersAsync(current.Arn, cancellationToken),
            };
        if (state.TargetGroup is { } currentGroup)
            state = state with
            {
                TargetGroupAttributes = await elbv2.DescribeTargetGroupAttributesAsync(currentGroup.Arn, cancellationToken),
                Targets = await elbv2.DescribeTargetHealthAsync(currentGroup.Arn, null, cancellationToken),
            };
        _fullReads.Done(uid, generation);
        return Observe.Found(state, subject, true, ownership) with { Settling = settling };
    }

    /// <summary>
    /// A resync pass's read when no full read is due: the batched reads already made (the listeners status
    /// names among them) and, when the target group has targets, their health (per target group: the counts
    /// in status stay fresh). Null when that read shows any difference: the pass then reads everything, so
    /// act never works from a partial picture.
    /// </summary>
    private async Task<LoadBalancerState?> LightAsync(LoadBalancerStatus status, LoadBalancerState state, Elbv2Listener?[] listeners, CancellationToken cancellationToken)
    {
        var light = state with
        {
            Light = true,
            Listeners = [.. listeners.OfType<Elbv2Listener>().Where(l => l.LoadBalancerArn == state.LoadBalancer!.Arn)],
        };
        if (LoadBalancerComparer.Compare(light).Count > 0)
            return null;
        // Target health only while some target is not healthy: a steady group's counts are read on full reads.
        return status.Targets is { Total: > 0 } targets && targets.Healthy < targets.Total
            ? light with { Targets = await elbv2.DescribeTargetHealthAsync(state.TargetGroup!.Arn, null, cancellationToken) }
            : light;
    }

    /// <summary>
    /// Replacing our target group <paramref name="old"/> (allowed, and only target group fields differ): the new one
    /// is named <see cref="ElbNames.Replacement"/> when the old has the object's own name, else the own name, so a
    /// retried or crashed replacement finds what it made. The new one is the state's target group when it exists
    /// (ours and fitting), else absent (act creates it); the old one is deleted once the listeners forward to the new.
    /// Null when the new name is taken by a target group that is not ours or does not fit.
    /// </summary>
    private async Task<LoadBalancerState?> ReplacementAsync(LoadBalancer resource, OwnerClaim claim, LoadBalancerState state, Elbv2TargetGroup old, CancellationToken cancellationToken)
    {
        var desired = state.Desired;
        var own = ElbNames.For(resource.Metadata.NamespaceProperty, resource.Metadata.Name);
        var newName = old.Name == own
            ? ElbNames.Replacement(resource.Metadata.NamespaceProperty, resource.Metadata.Name, desired.TargetGroupVariant)
            : own;
        var replacing = state with { Desired = desired with { TargetGroupName = newName }, ReplacedTargetGroups = [old] };
        if (await _targetGroups.GetAsync(newName, cancellationToken) is not { } made)
            return replacing with { TargetGroup = null, TargetGroupTags = new Dictionary<string, string>() };
        var tags = await TagsAsync(made.Arn, cancellationToken);
        return claim.ClassifyTags(tags).Kind == OwnershipKind.Ours && LoadBalancerComparer.TargetGroupFits(desired, made, state.LoadBalancer?.VpcId)
            ? replacing with { TargetGroup = made, TargetGroupTags = tags }
            : null;
    }

    /// <summary>
    /// Replacing our load balancer (allowed, type or scheme differ): the new one is named <see cref="ElbNames.Replacement"/>
    /// for the spec's type and scheme when the old has the object's own name, else the own name, so a retried or crashed
    /// replacement finds what it made and never makes a second. The new one is the state's load balancer when it exists
    /// (ours and fitting), else absent (act creates it, with its listeners); the old one is deleted once status names the
    /// new one. Null when the new name is taken by a load balancer that is not ours or does not fit.
    /// </summary>
    private async Task<LoadBalancerState?> LoadBalancerReplacementAsync(LoadBalancer resource, OwnerClaim claim, LoadBalancerState state, ReplacedLoadBalancer old, CancellationToken cancellationToken)
    {
        var desired = state.Desired;
        var own = ElbNames.For(resource.Metadata.NamespaceProperty, resource.Metadata.Name);
        var newName = old.LoadBalancer.Name == own
            ? ElbNames.Replacement(resource.Metadata.NamespaceProperty, resource.Metadata.Name, desired.LoadBalancerVariant)
            : own;
        var replacing = state with
        {
            Desired = desired with { Name = newName },
            ReplacedLoadBalancers = [old],
            LoadBalancer = null,
            LoadBalancerTags = new Dictionary<string, string>(),
        };
        if (await _loadBalancers.GetAsync(newName, cancellationToken) is not { } made)
            return replacing;
        var tags = await TagsAsync(made.Arn, cancellationToken);
        return claim.ClassifyTags(tags).Kind == OwnershipKind.Ours && LoadBalancerComparer.LoadBalancerFits(desired, made)
            ? replacing with { LoadBalancer = made, LoadBalancerTags = tags }
            : null;
    }

    private async Task<bool> IsProtectedAsync(string arn, CancellationToken cancellationToken) =>
        (await elbv2.DescribeLoadBalancerAttributesAsync(arn, cancellationToken)).GetValueOrDefault(Elbv2Values.DeletionProtection) == "true";

    /// <summary>The name in a load balancer ARN (<c>...:loadbalancer/app/NAME/ID</c>), or null.</summary>
    private static string? LoadBalancerNameInArn(string? arn) =>
        arn?.Split(':').LastOrDefault()?.Split('/') is ["loadbalancer", _, var lbName, _] ? lbName : null;

    /// <summary>The name in a target group ARN (<c>...:targetgroup/NAME/ID</c>), or null.</summary>
    private static string? NameInArn(string? arn) =>
        arn?.Split(':').LastOrDefault()?.Split('/') is ["targetgroup", var groupName, _] ? groupName : null;

    private async Task<IReadOnlyDictionary<string, string>> TagsAsync(string? arn, CancellationToken cancellationToken) =>
        arn is null ? new Dictionary<string, string>() : await _tags.GetAsync(arn, cancellationToken) ?? new Dictionary<string, string>();

    public IReadOnlyList<DriftEntry> Compare(LoadBalancerState state) => LoadBalancerComparer.Compare(state);

    public async Task<ActResult> ActAsync(LoadBalancer resource, LoadBalancerState state, WriteKind write, IReadOnlyList<DriftEntry> differences, CancellationToken cancellationToken)
    {
        // The next pass reads everything again, whatever this one manages to write.
        _fullReads.Forget(resource.Metadata.Uid ?? "");
        var desired = state.Desired;
        var done = new List<string>();
        var lb = state.LoadBalancer ?? await CreateLoadBalancerAsync(desired, done, cancellationToken);
        var group = state.TargetGroup ?? await CreateTargetGroupAsync(desired, lb, done, cancellationToken);
        if (state.LoadBalancer is null)
            state = state with { LoadBalancer = lb, LoadBalancerTags = desired.Tags };
        if (state.TargetGroup is null)
            state = state with { TargetGroup = group, TargetGroupTags = desired.Tags };
        var changed = LoadBalancerComparer.Compare(state).Select(d => d.Path).ToHashSet(StringComparer.Ordinal);

        if (changed.Contains("spec.subnetIds"))
        {
            await elbv2.SetSubnetsAsync(lb.Arn, desired.Subnets, cancellationToken);
            done.Add("subnets");
        }
        if (changed.Contains("spec.securityGroupIds"))
        {
            await elbv2.SetSecurityGroupsAsync(lb.Arn, desired.SecurityGroups, cancellationToken);
            done.Add("security groups");
        }
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (changed.Contains("spec.idleTimeoutSeconds") && desired.IdleTimeoutSeconds is { } idle)
            attributes[Elbv2Values.IdleTimeoutSeconds] = idle.ToString(CultureInfo.InvariantCulture);
        if (changed.Contains("spec.deletionProtection"))
            attributes[Elbv2Values.DeletionProtection] = desired.DeletionProtection ? "true" : "false";
        if (attributes.Count > 0)
        {
            await elbv2.ModifyLoadBalancerAttributesAsync(lb.Arn, attributes, cancellationToken);
            done.Add(string.Join(", ", attributes.Keys));
        }
        await ApplyTagsAsync(lb.Arn, desired.Tags, state.LoadBalancerTags, "load balancer", done, cancellationToken);

        if (changed.Any(path => path.StartsWith("spec.targetGroup.healthCheck.", StringComparison.Ordinal)))
        {
            await elbv2.ModifyTargetGroupAsync(group.Arn, desired.HealthCheck, cancellationToken);
            done.Add("health check");
        }
        if (changed.Contains("spec.targetGroup.deregistrationDelaySeconds"))
        {
            await elbv2.ModifyTargetGroupAttributesAsync(group.Arn, new Dictionary<string, string>
            {
                [Elbv2Values.DeregistrationDelaySeconds] = desired.DeregistrationDelaySeconds.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
            done.Add("deregistration delay");
        }
        await ApplyTagsAsync(group.Arn, desired.Tags, state.TargetGroupTags, "target group", done, cancellationToken);
        await ApplyListenersAsync(desired, lb.Arn, group.Arn, state.Listeners, done, cancellationToken);
        var oldLoadBalancersRemain = false;
        foreach (var (old, protectedOld) in state.ReplacedLoadBalancers)
        {
            // Status moves to the new load balancer first (DnsRecords follow it); the old one goes on a later pass.
            if (resource.Status?.Arn == old.Arn)
            {
                oldLoadBalancersRemain = true;
                done.Add($"load balancer {lb.Name} has its listeners; status moves to it before {old.Name} is deleted");
                continue;
            }
            if (protectedOld)
            {
                // Observe stalls when the spec asks for protection: here it does not.
                await elbv2.ModifyLoadBalancerAttributesAsync(old.Arn, new Dictionary<string, string> { [Elbv2Values.DeletionProtection] = "false" }, cancellationToken);
                done.Add($"deletion protection off on {old.Name}");
            }
            await DeleteLoadBalancerAsync(old.Arn, cancellationToken);
            done.Add($"replaced load balancer {old.Name} by {lb.Name}");
        }
        // An old load balancer's listeners may still forward to a replaced target group: it goes after them.
        foreach (var old in oldLoadBalancersRemain ? (IReadOnlyList<Elbv2TargetGroup>)[] : state.ReplacedTargetGroups)
        {
            // The listeners forward to the new one now; ResourceInUse (a Conflict) is retried by the next pass.
            await Tolerate.AwsErrorAsync(() => elbv2.DeleteTargetGroupAsync(old.Arn, cancellationToken));
            done.Add($"replaced target group {old.Name} by {group.Name}");
        }

        var what = write switch
        {
            WriteKind.Create => "Created",
            WriteKind.Adopt => "Adopted",
            _ => "Updated",
        };
        return ActResult.Wrote(what, $"{what} load balancer {desired.Name}: {string.Join(", ", done)}");
    }

    private async Task<Elbv2LoadBalancer> CreateLoadBalancerAsync(DesiredLoadBalancer desired, List<string> done, CancellationToken cancellationToken)
    {
        try
        {
            var created = await elbv2.CreateLoadBalancerAsync(new CreateLoadBalancerRequest(desired.Name, desired.Subnets)
            {
                Type = desired.Type,
                Scheme = desired.Scheme,
                SecurityGroups = desired.Type == Elbv2Values.Application ? desired.SecurityGroups : [],
                Tags = ToTags(desired.Tags),
            }, cancellationToken);
            done.Add("created the load balancer");
            return created;
        }
        catch (AwsException exists) when (exists.Kind == AwsErrorKind.AlreadyExists)
        {
            // A retried create whose answer was lost: ELBv2 answers the same name with the one it made.
            var found = (await elbv2.FindLoadBalancersByNameAsync([desired.Name], cancellationToken)).Single();
            if (!LoadBalancerComparer.LoadBalancerFits(desired, found))
                throw new ResourceAppearedException($"{found.Arn} exists and does not fit the spec; looking at it again");
            return await OursOrThrowAsync(found, lb => lb.Arn, desired, cancellationToken);
        }
    }

    private async Task<Elbv2TargetGroup> CreateTargetGroupAsync(DesiredLoadBalancer desired, Elbv2LoadBalancer lb, List<string> done, CancellationToken cancellationToken)
    {
        try
        {
            var created = await elbv2.CreateTargetGroupAsync(new CreateTargetGroupRequest(desired.TargetGroupName)
            {
                Protocol = desired.TargetGroupProtocol,
                Port = desired.TargetGroupPort,
                VpcId = lb.VpcId,
                TargetType = desired.TargetType,
                HealthCheck = desired.HealthCheck,
                Tags = ToTags(desired.Tags),
            }, cancellationToken);
            done.Add("created the target group");
            return created;
        }
        catch (AwsException exists) when (exists.Kind == AwsErrorKind.AlreadyExists)
        {
            var found = (await elbv2.FindTargetGroupsByNameAsync([desired.TargetGroupName], cancellationToken)).Single();
            if (!LoadBalancerComparer.TargetGroupFits(desired, found, lb.VpcId))
                throw new ResourceAppearedException($"{found.Arn} exists and does not fit the spec; looking at it again");
            return await OursOrThrowAsync(found, group => group.Arn, desired, cancellationToken);
        }
    }

    private async Task<T> OursOrThrowAsync<T>(T found, Func<T, string> arnOf, DesiredLoadBalancer desired, CancellationToken cancellationToken)
    {
        var tags = TagsOf(await elbv2.DescribeTagsAsync([arnOf(found)], cancellationToken), arnOf(found));
        var claim = OwnerClaim.FromTags(desired.Tags)!;
        return claim.ClassifyTags(tags).Kind == OwnershipKind.Ours
            ? found
            : throw new ResourceAppearedException($"{arnOf(found)} was created outside this pass; looking at it again");
    }

    private async Task ApplyListenersAsync(DesiredLoadBalancer desired, string lbArn, string groupArn, IReadOnlyList<Elbv2Listener> actual, List<string> done, CancellationToken cancellationToken)
    {
        foreach (var want in desired.Listeners)
        {
            var actions = desired.ActionsFor(want, groupArn);
            var certificates = want.CertificateArn is { } certificate ? new[] { certificate } : [];
            var have = actual.FirstOrDefault(listener => listener.Port == want.Port);
            if (have is null)
            {
                await elbv2.CreateListenerAsync(new CreateListenerRequest(lbArn, want.Protocol, want.Port, actions)
                {
                    CertificateArns = certificates,
                    Tags = ToTags(desired.Tags),
                }, cancellationToken);
                done.Add($"listener {want.Protocol}:{want.Port}");
                continue;
            }
            if (have.Protocol != want.Protocol || (want.CertificateArn is { } cert && !have.CertificateArns.Contains(cert, StringComparer.Ordinal))
                || LoadBalancerComparer.Describe(have.DefaultActions) != LoadBalancerComparer.Describe(actions))
            {
                await elbv2.ModifyListenerAsync(new ModifyListenerRequest(have.Arn)
                {
                    Protocol = want.Protocol,
                    CertificateArns = certificates.Length == 0 ? null : certificates,
                    DefaultActions = actions,
                }, cancellationToken);
                done.Add($"listener {want.Protocol}:{want.Port} modified");
            }
        }
        foreach (var extra in actual.Where(listener => desired.Listeners.All(want => want.Port != listener.Port)))
        {
            await elbv2.DeleteListenerAsync(extra.Arn, cancellationToken);
            done.Add($"removed listener {extra.Protocol}:{extra.Port}");
        }
    }

    private async Task ApplyTagsAsync(string arn, IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> current, string what, List<string> done, CancellationToken cancellationToken)
    {
        var set = desired.Where(tag => !current.TryGetValue(tag.Key, out var value) || value != tag.Value).ToList();
        var removed = current.Keys.Where(key => !desired.ContainsKey(key) && !key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)).ToList();
        if (set.Count > 0)
        {
            await elbv2.AddTagsAsync([arn], ToTags(set), cancellationToken);
            done.Add($"{what} tags {string.Join(", ", set.Select(t => t.Key))}");
        }
        if (removed.Count > 0)
        {
            await elbv2.RemoveTagsAsync([arn], removed, cancellationToken);
            done.Add($"removed {what} tags {string.Join(", ", removed)}");
        }
    }

    /// <summary>ELBv2's order: listeners, the load balancer, then the target group once nothing uses it.</summary>
    public async Task<CleanupResult> CleanupAsync(LoadBalancer resource, CancellationToken cancellationToken)
    {
        var claim = ClaimOf(resource);
        var name = ElbNames.For(resource.Metadata.NamespaceProperty, resource.Metadata.Name);
        // Every name this object's load balancer may have: its own, each replacement's, the one status names.
        string[] lbNames = [.. ElbNames.LoadBalancerNames(resource.Metadata.NamespaceProperty, resource.Metadata.Name)
            .Append(LoadBalancerNameInArn(resource.Status?.Arn)).OfType<string>().Distinct(StringComparer.Ordinal)];
        var lbs = await elbv2.FindLoadBalancersByNameAsync(lbNames, cancellationToken);
        // Every name this object's target group may have: its own, the replacement's for the spec, the one status names.
        var desired = DesiredLoadBalancer.From(resource.Spec, name, claim);
        string[] groupNames = [.. new[]
        {
            name, ElbNames.Replacement(resource.Metadata.NamespaceProperty, resource.Metadata.Name, desired.TargetGroupVariant),
            NameInArn(resource.Status?.TargetGroupArn),
        }.OfType<string>().Distinct(StringComparer.Ordinal)];
        var groups = await elbv2.FindTargetGroupsByNameAsync(groupNames, cancellationToken);
        var arns = lbs.Select(lb => lb.Arn).Concat(groups.Select(g => g.Arn)).ToList();
        var tags = arns.Count == 0 ? [] : await elbv2.DescribeTagsAsync(arns, cancellationToken);
        foreach (var lb in lbs.Where(lb => claim.ClassifyTags(TagsOf(tags, lb.Arn)).Kind == OwnershipKind.Ours))
        {
            var attributes = await elbv2.DescribeLoadBalancerAttributesAsync(lb.Arn, cancellationToken);
            if (attributes.GetValueOrDefault(Elbv2Values.DeletionProtection) == "true")
            {
                // The spec is the user's word: protection it asks for holds the deletion; protection it
                // turned off (since, or out of band) is turned off here so the deletion can go on.
                if (resource.Spec.DeletionProtection)
                    throw new DeletionBlockedException(
                        $"load balancer {lb.Name} has deletion protection on: set spec.deletionProtection to false to delete it, or use deletionPolicy Retain");
                await elbv2.ModifyLoadBalancerAttributesAsync(lb.Arn, new Dictionary<string, string> { [Elbv2Values.DeletionProtection] = "false" }, cancellationToken);
            }
            await DeleteLoadBalancerAsync(lb.Arn, cancellationToken);
        }
        foreach (var group in groups.Where(g => claim.ClassifyTags(TagsOf(tags, g.Arn)).Kind == OwnershipKind.Ours))
            // ResourceInUse while the deleted load balancer's listeners still count: a Conflict, retried.
            await Tolerate.AwsErrorAsync(() => elbv2.DeleteTargetGroupAsync(group.Arn, cancellationToken));
        _fullReads.Forget(resource.Metadata.Uid ?? "");
        return CleanupResult.Done;
    }

    public LoadBalancerStatus Status(LoadBalancerStatus? previous, LoadBalancerState? state)
    {
        if (state?.LoadBalancer is not { } lb)
            return new LoadBalancerStatus
            {
                Arn = previous?.Arn, DnsName = previous?.DnsName, CanonicalHostedZoneId = previous?.CanonicalHostedZoneId,
                TargetGroupArn = previous?.TargetGroupArn, ListenerArns = previous?.ListenerArns, Targets = previous?.Targets, State = previous?.State,
            };
        var targets = state.Targets?.Where(t => t.State != "draining").ToList();
        return new LoadBalancerStatus
        {
            Arn = lb.Arn,
            DnsName = lb.DnsName,
            CanonicalHostedZoneId = lb.CanonicalHostedZoneId,
            // Until the replaced target group is gone, status keeps naming it, so a later pass finds it to delete.
            // A replaced load balancer's target group is replaced with it: status names both new ones at once.
            TargetGroupArn = state.ReplacedTargetGroups.Count > 0 && state.ReplacedLoadBalancers.Count == 0 ? previous?.TargetGroupArn ?? state.TargetGroup?.Arn
                : state.TargetGroup?.Arn ?? previous?.TargetGroupArn,
            ListenerArns = state.Listeners.Count > 0 ? [.. state.Listeners.OrderBy(l => l.Port).Select(l => l.Arn)] : previous?.ListenerArns,
            Targets = targets is null ? previous?.Targets ?? new TargetCounts() : new TargetCounts
            {
                Healthy = targets.Count(t => t.State == "healthy"),
                Unhealthy = targets.Count(t => t.State == "unhealthy"),
                Total = targets.Count,
            },
            State = lb.State,
        };
    }

    /// <summary>Its listeners, then the load balancer; either already gone is what was wanted.</summary>
    private async Task DeleteLoadBalancerAsync(string arn, CancellationToken cancellationToken)
    {
        IReadOnlyList<Elbv2Listener> listeners;
        try
        {
            listeners = await elbv2.DescribeListenersAsync(arn, cancellationToken);
        }
        catch (AwsException missing) when (missing.Kind == AwsErrorKind.NotFound)
        {
            return;
        }
        foreach (var listener in listeners)
            await Tolerate.AwsErrorAsync(() => elbv2.DeleteListenerAsync(listener.Arn, cancellationToken));
        await Tolerate.AwsErrorAsync(() => elbv2.DeleteLoadBalancerAsync(arn, cancellationToken));
    }


    private static IReadOnlyDictionary<string, string> TagsOf(IReadOnlyList<Elbv2TagDescription> descriptions, string? arn) =>
        descriptions.FirstOrDefault(d => d.ResourceArn == arn)?.Tags
            .GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal)
        ?? new Dictionary<string, string>();

    private static IReadOnlyList<Elbv2Tag> ToTags(IEnumerable<KeyValuePair<string, string>> tags) =>
        [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Elbv2Tag(t.Key, t.Value))];
}

/// <summary>The load balancer or target group changed hands between observe and act: the next pass looks again.</summary>
internal sealed class ResourceAppearedException(string message) : ExpectedRetryException(message);

/// <summary>Deletion must wait for the user (deletion protection on): reported as an Event, retried with backoff.</summary>
internal sealed class DeletionBlockedException(string message) : ExpectedRetryException(message);
