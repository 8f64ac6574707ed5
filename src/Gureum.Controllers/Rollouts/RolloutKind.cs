using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gureum.Api;
using Gureum.Api.Validation;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Controllers.Common;
using Gureum.Controllers.InstanceGroups;
using Gureum.Runtime.Cache;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gureum.Controllers.Rollouts;

/// <summary>
/// Rollout on the managed-resource kit. What it manages are InstanceGroups it owns (owner references,
/// as a Deployment owns ReplicaSets); AWS is only read, for the health of the new revision's targets.
/// The steps come from <see cref="RolloutPlanner"/>, a pure function of what each pass sees; they are
/// a change in progress, never drift (<see cref="Observation{TState}.InProgress"/>).
/// </summary>
internal sealed class RolloutKind(
    IKubernetes kubernetes,
    IResourceCache<InstanceGroup>? groups,
    IResourceCache<LoadBalancer>? loadBalancers,
    IAutoScalingClient autoScaling,
    IElbv2Client elbv2,
    TimeProvider time)
    : IManagedKind<Rollout, RolloutSpec, RolloutStatus, RolloutState>
{
    public string KindName => Rollout.KindName;

    public IReadOnlyList<FieldError> Validate(Rollout resource) => RolloutValidator.Validate(resource.Spec);

    public async Task<Observation<RolloutState>> ObserveAsync(Rollout resource, PassContext pass, CancellationToken cancellationToken)
    {
        var spec = resource.Spec;
        var ns = resource.Metadata.NamespaceProperty;
        string? targetGroupArn = null;
        if (spec.LoadBalancerRef is { } lbRef)
        {
            var lb = References.Resolve(loadBalancers, resource, lbRef, l => l.Status?.TargetGroupArn is { Length: > 0 } ? null : "it has no target group yet");
            if (!lb.IsReady)
                return References.Waiting<RolloutState, LoadBalancer>(lb, LoadBalancer.KindName, lbRef);
            targetGroupArn = lb.Target!.Status!.TargetGroupArn;
        }

        var hash = RolloutNames.TemplateHash(spec.Template);
        var wanted = RolloutNames.GroupName(resource.Metadata.Name, spec.Strategy.Type, hash);
        var all = (groups?.List() ?? []).Where(g => g.Metadata.NamespaceProperty == ns).ToList();
        // A group of the name this revision needs that is not ours: never taken over.
        if (all.FirstOrDefault(g => g.Metadata.Name == wanted) is { } taken && !IsOurs(taken, resource))
            return Observe.Found(State(resource, hash, [], Now()), $"InstanceGroup {wanted}", true,
                Ownership.SomeoneElse(OwnerOf(taken)));

        var current = resource.Status?.History is [var top, ..] && top.TemplateHash == hash ? top : null;
        var measuring = current is null || current.Outcome == RevisionOutcome.Progressing;
        var children = new List<ChildGroup>();
        foreach (var group in all.Where(g => IsOurs(g, resource)))
        {
            var labels = group.Metadata.Labels;
            var annotations = group.Metadata.Annotations;
            var childHash = Get(labels, RolloutNames.TemplateHashLabel) ?? "";
            var deleting = group.Metadata.DeletionTimestamp is not null;
            var attached = spec.LoadBalancerRef is null || (group.Spec.LoadBalancerRefs ?? []).Any(r => r.Name == spec.LoadBalancerRef.Name);
            // A group in preview is not in the target group: Auto Scaling's health tells until it serves.
            var health = measuring && !deleting && childHash == hash && group.Metadata.Name == wanted
                ? await HealthAsync(GroupNames.For(ns, group.Metadata.Name), attached ? targetGroupArn : null, cancellationToken)
                : null;
            var upToDate = group.Status?.ObservedGeneration == group.Metadata.Generation;
            var ready = group.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
            children.Add(new ChildGroup(
                group.Metadata.Name,
                childHash,
                long.TryParse(Get(annotations, RolloutNames.RevisionAnnotation), CultureInfo.InvariantCulture, out var revision) ? revision : 0,
                attached,
                DateTimeOffset.TryParse(Get(annotations, RolloutNames.DetachedAtAnnotation), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var detached) ? detached : null,
                deleting,
                Get(annotations, RolloutNames.TemplateAnnotation),
                Get(annotations, RolloutNames.StableTemplateAnnotation),
                group.Status,
                health)
            {
                Ready = upToDate && ready?.Status == ConditionStatus.True,
                RefreshFailed = upToDate && ready?.Reason == ConditionReasons.InstanceRefreshFailed,
            });
        }
        var state = State(resource, hash, children, Now());
        var plan = RolloutPlanner.Plan(state);
        return Observe.Found(state, $"Rollout {resource.Metadata.Name}", children.Count > 0, Ownership.Ours) with
        {
            InProgress = plan.InProgress,
            Settling = plan.Waiting,
        };
    }

    /// <summary>Kubernetes times have whole seconds (metav1.Time): history times are kept to the second.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static RolloutState State(Rollout resource, string hash, IReadOnlyList<ChildGroup> children, DateTimeOffset now) => new(
        resource.Spec, resource.Status, resource.Metadata.Name, hash, children,
        Get(resource.Metadata.Annotations, Annotations.Promote) == "true", now);

    /// <summary>How the group's instances look to the target group (healthy, unhealthy), or to Auto Scaling without one.</summary>
    private async Task<GroupHealth?> HealthAsync(string groupName, string? targetGroupArn, CancellationToken cancellationToken)
    {
        var group = (await autoScaling.DescribeAutoScalingGroupsAsync([groupName], cancellationToken)).SingleOrDefault();
        if (group is null)
            return null;
        var instances = group.Instances.Where(i => i.LifecycleState == AsgValues.InService).ToList();
        if (targetGroupArn is null || instances.Count == 0)
            return new GroupHealth(group.DesiredCapacity,
                instances.Count(i => i.HealthStatus == AsgValues.Healthy),
                group.Instances.Count(i => i.HealthStatus == AsgValues.Unhealthy));
        var targets = await elbv2.DescribeTargetHealthAsync(targetGroupArn, [.. instances.Select(i => new Elbv2Target(i.InstanceId))], cancellationToken);
        return new GroupHealth(group.DesiredCapacity, targets.Count(t => t.State == "healthy"), targets.Count(t => t.State == "unhealthy"));
    }

    public IReadOnlyList<DriftEntry> Compare(RolloutState state) =>
        [.. RolloutPlanner.Plan(state).Actions.Select(action =>
        {
            var (desired, actual) = action.Describe();
            return Drift.Entry($"InstanceGroup {action.Group}", desired, actual);
        })];

    public async Task<ActResult> ActAsync(Rollout resource, RolloutState state, WriteKind write, IReadOnlyList<DriftEntry> differences, CancellationToken cancellationToken)
    {
        var plan = RolloutPlanner.Plan(state);
        var done = new List<string>();
        foreach (var action in plan.Actions)
        {
            switch (action)
            {
                case CreateGroup create:
                    await CreateAsync(resource, create, cancellationToken);
                    done.Add($"created {create.Group} (revision {create.Revision}{(create.Attached ? "" : ", preview")})");
                    break;
                case SetAttached attach:
                    // The whole spec: a detached group also falls back from ELB to EC2 health checks.
                    var revisionTemplate = state.Child(attach.Group)?.TemplateJson is { } json ? RolloutNames.ReadTemplate(json) : resource.Spec.Template;
                    await PatchAsync(resource, attach.Group, [
                        Replace("/spec", JsonSerializer.SerializeToNode(ChildSpec.For(resource.Spec, revisionTemplate, attach.Attached), RolloutNames.Json)),
                        attach.Attached
                            ? Remove("/metadata/annotations/" + Escape(RolloutNames.DetachedAtAnnotation), state.Child(attach.Group)?.DetachedAt is not null)
                            : Replace("/metadata/annotations/" + Escape(RolloutNames.DetachedAtAnnotation), JsonValue.Create(state.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))),
                    ], cancellationToken);
                    done.Add(attach.Attached ? $"{attach.Group} now serves" : $"{attach.Group} detached (kept {resource.Spec.Strategy.BlueGreen?.BlueTerminationDelaySeconds ?? 0}s)");
                    break;
                case SetTemplate template:
                    var child = state.Child(template.Group);
                    var spec = ChildSpec.For(resource.Spec, template.Template, child?.Attached ?? true);
                    await PatchAsync(resource, template.Group, [
                        Replace("/spec", JsonSerializer.SerializeToNode(spec, RolloutNames.Json)),
                        Replace("/metadata/labels/" + Escape(RolloutNames.TemplateHashLabel), JsonValue.Create(template.Hash)),
                        Replace("/metadata/annotations/" + Escape(RolloutNames.RevisionAnnotation), JsonValue.Create(template.Revision.ToString(CultureInfo.InvariantCulture))),
                        Replace("/metadata/annotations/" + Escape(RolloutNames.TemplateAnnotation), JsonValue.Create(RolloutNames.WriteTemplate(template.Template))),
                        template.StableTemplateJson is { } stable
                            ? Replace("/metadata/annotations/" + Escape(RolloutNames.StableTemplateAnnotation), JsonValue.Create(stable))
                            : Remove("/metadata/annotations/" + Escape(RolloutNames.StableTemplateAnnotation), child?.StableTemplateJson is not null),
                    ], cancellationToken);
                    done.Add($"{template.Group} to revision {template.Revision}");
                    break;
                case DeleteGroup delete:
                    await DeleteAsync(resource, delete.Group, cancellationToken);
                    done.Add($"deleted {delete.Group}");
                    break;
            }
        }
        var current = plan.Status.History![0];
        var reason = current.Outcome switch
        {
            RevisionOutcome.RolledBack => ConditionReasons.RolledBack,
            RevisionOutcome.Succeeded when current.FinishedAt == state.Now.UtcDateTime => "Promoted",
            _ => write == WriteKind.Create ? "Created" : "Updated",
        };
        var message = reason == ConditionReasons.RolledBack && current.FinishedAt == state.Now.UtcDateTime
            ? $"revision {current.Revision} rolled back: {current.Message}; {string.Join(", ", done)}"
            : $"revision {current.Revision}: {string.Join(", ", done)}";
        return ActResult.Wrote(reason, message);
    }

    private async Task CreateAsync(Rollout resource, CreateGroup create, CancellationToken cancellationToken)
    {
        var template = resource.Spec.Template;
        var group = new InstanceGroup
        {
            Metadata = new V1ObjectMeta
            {
                Name = create.Group,
                NamespaceProperty = resource.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    [RolloutNames.RolloutLabel] = resource.Metadata.Name,
                    [RolloutNames.TemplateHashLabel] = create.Hash,
                },
                Annotations = new Dictionary<string, string>
                {
                    [RolloutNames.RevisionAnnotation] = create.Revision.ToString(CultureInfo.InvariantCulture),
                    [RolloutNames.TemplateAnnotation] = RolloutNames.WriteTemplate(template),
                },
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = GureumApi.ApiVersion, Kind = Rollout.KindName, Name = resource.Metadata.Name, Uid = resource.Metadata.Uid,
                        Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = ChildSpec.For(resource.Spec, template, create.Attached),
        };
        try
        {
            await kubernetes.CustomObjects.CreateNamespacedCustomObjectAsync(
                JsonSerializer.SerializeToNode(group, RolloutNames.Json), GureumApi.Group, GureumApi.Version,
                resource.Metadata.NamespaceProperty, InstanceGroup.Definition.Plural, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException exists) when (exists.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Made by an earlier pass whose answer was lost (or the cache is behind): the next pass sees it.
        }
    }

    private Task PatchAsync(Rollout resource, string name, IReadOnlyList<JsonObject?> operations, CancellationToken cancellationToken) =>
        kubernetes.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new JsonArray([.. operations.OfType<JsonObject>().Select(JsonNode (o) => o)]).ToJsonString(), V1Patch.PatchType.JsonPatch),
            GureumApi.Group, GureumApi.Version, resource.Metadata.NamespaceProperty, InstanceGroup.Definition.Plural, name,
            cancellationToken: cancellationToken);

    private async Task DeleteAsync(Rollout resource, string name, CancellationToken cancellationToken)
    {
        try
        {
            await kubernetes.CustomObjects.DeleteNamespacedCustomObjectAsync(GureumApi.Group, GureumApi.Version,
                resource.Metadata.NamespaceProperty, InstanceGroup.Definition.Plural, name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException gone) when (gone.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already deleted.
        }
    }

    /// <summary>JSON Patch "add" sets a member whether or not it exists (RFC 6902 "replace" needs it to).</summary>
    private static JsonObject? Replace(string path, JsonNode? value) => new() { ["op"] = "add", ["path"] = path, ["value"] = value };

    /// <summary>JSON Patch "remove" fails for a member that is not there: only asked for one that is (null: no operation).</summary>
    private static JsonObject? Remove(string path, bool present) => present ? new JsonObject { ["op"] = "remove", ["path"] = path } : null;

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The groups are the Rollout's through owner references: Kubernetes' garbage collector deletes them (and each its AWS resources) after the Rollout.</summary>
    public Task<CleanupResult> CleanupAsync(Rollout resource, CancellationToken cancellationToken) => Task.FromResult(CleanupResult.Done);

    public RolloutStatus Status(RolloutStatus? previous, RolloutState? state) =>
        state is null ? previous ?? new RolloutStatus() : RolloutPlanner.Plan(state).Status;

    /// <summary>A rolled-back or failed revision is not Ready: the spec's template is not what runs.</summary>
    public PassOutcome Reconsider(PassOutcome outcome, RolloutState? state, RolloutStatus? fresh)
    {
        if (state is null || outcome.State is PassState.Stalled)
            return outcome;
        var current = RolloutPlanner.Plan(state).Status.History![0];
        return current.Outcome switch
        {
            RevisionOutcome.RolledBack => outcome with { State = PassState.Waiting, Reason = ConditionReasons.RolledBack, Message = $"revision {current.Revision} was rolled back: {current.Message}; change spec.template to try again" },
            RevisionOutcome.Failed => outcome with { State = PassState.Waiting, Reason = ConditionReasons.RolloutFailed, Message = $"revision {current.Revision} failed: {current.Message}" },
            _ => outcome,
        };
    }

    private static string? Get(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static bool IsOurs(InstanceGroup group, Rollout rollout) =>
        group.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == rollout.Metadata.Uid) == true;

    private static string OwnerOf(InstanceGroup group) =>
        group.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } owner ? $"{owner.Kind} {owner.Name}" : "no Rollout (made by hand)";
}
