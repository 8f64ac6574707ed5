using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Rollouts;

/// <summary>One change to the InstanceGroups a Rollout owns.</summary>
internal abstract record RolloutAction(string Group)
{
    /// <summary>For status.drift and Events: what the step wants and what is there.</summary>
    public abstract (string Desired, string Actual) Describe();
}

internal sealed record CreateGroup(string Group, string Hash, long Revision, bool Attached) : RolloutAction(Group)
{
    public override (string, string) Describe() => ($"revision {Revision} ({Hash}){(Attached ? " serving" : " in preview")}", "absent");
}

internal sealed record SetAttached(string Group, bool Attached) : RolloutAction(Group)
{
    public override (string, string) Describe() => Attached ? ("serving", "detached") : ("detached", "serving");
}

internal sealed record SetTemplate(string Group, string Hash, long Revision, InstanceGroupSpec Template, string? StableTemplateJson, string FromHash) : RolloutAction(Group)
{
    public override (string, string) Describe() => ($"revision {Revision} ({Hash})", FromHash);
}

internal sealed record DeleteGroup(string Group) : RolloutAction(Group)
{
    public override (string, string) Describe() => ("absent", "present");
}

/// <summary>The planner's answer: the steps to take now, the status they lead to, and what is awaited.</summary>
internal sealed record RolloutPlan(IReadOnlyList<RolloutAction> Actions, RolloutStatus Status, string? Waiting, bool InProgress);

/// <summary>
/// Pure: where a Rollout stands and its next steps, from its spec, its status (history, stable and
/// active revision) and its groups with their health. Every pass plans again from what it sees, so a
/// restarted operator carries on from the same point (status and the groups' labels hold all of it).
/// </summary>
internal static class RolloutPlanner
{
    public static RolloutPlan Plan(RolloutState state)
    {
        var spec = state.Spec;
        var hash = state.TemplateHash;
        var strategy = spec.Strategy.Type;
        var groupName = RolloutNames.GroupName(state.RolloutName, strategy, hash);
        var history = (state.Status?.History ?? []).ToList();
        if (history.FirstOrDefault()?.TemplateHash != hash)
        {
            var revision = history.Count == 0 ? 1 : history.Max(r => r.Revision) + 1;
            history = [
                new RevisionRecord { Revision = revision, TemplateHash = hash, GroupName = groupName, Outcome = RevisionOutcome.Progressing, StartedAt = state.Now.UtcDateTime },
                .. history.Select(r => r.Outcome == RevisionOutcome.Progressing ? r with { Outcome = RevisionOutcome.Superseded, FinishedAt = state.Now.UtcDateTime } : r),
            ];
        }
        var context = new Context(state, history[0], history, state.Status?.StableRevision, state.Status?.ActiveGroup, groupName);
        var plan = strategy == RolloutStrategyType.BlueGreen ? BlueGreen(context) : InPlace(context);
        var current = context.Current;
        var limit = Math.Max(1, spec.RevisionHistoryLimit);
        return plan with
        {
            Status = new RolloutStatus
            {
                Phase = current.Outcome switch
                {
                    RevisionOutcome.Succeeded => RolloutPhase.Healthy,
                    RevisionOutcome.RolledBack => RolloutPhase.RolledBack,
                    RevisionOutcome.Failed => RolloutPhase.Degraded,
                    _ => RolloutPhase.Progressing,
                },
                CurrentRevision = current.Revision,
                StableRevision = context.StableRevision,
                ActiveGroup = context.ActiveGroup,
                PreviewGroup = plan.Status.PreviewGroup,
                History = [current, .. context.History.Skip(1).Take(limit - 1)],
            },
        };
    }

    /// <summary>The plan in the making: the current revision's record is updated as the steps decide.</summary>
    private sealed class Context(RolloutState state, RevisionRecord current, List<RevisionRecord> history, long? stable, string? active, string groupName)
    {
        public RolloutState State { get; } = state;
        public RevisionRecord Current { get; private set; } = current;
        public List<RevisionRecord> History { get; } = history;
        public long? StableRevision { get; private set; } = stable;
        public string? ActiveGroup { get; set; } = active;
        public string GroupName { get; } = groupName;
        public List<RolloutAction> Actions { get; } = [];

        public RolloutSpec Spec => State.Spec;

        public void Finish(RevisionOutcome outcome, string? message = null)
        {
            Current = Current with { Outcome = outcome, FinishedAt = State.Now.UtcDateTime, Message = message };
            History[0] = Current;
            if (outcome == RevisionOutcome.Succeeded)
                StableRevision = Current.Revision;
        }

        public RevisionRecord? Stable => History.FirstOrDefault(r => r.Revision == StableRevision);

        /// <summary>Why the revision failed, or null while it may still succeed.</summary>
        public string? Failure(ChildGroup group)
        {
            if (group.Health is { Unhealthy: > 0 } sick)
                return $"{sick.Unhealthy} of {sick.Desired} instances of {group.Name} failed the load balancer's health check";
            if (group.RefreshFailed)
                return $"the instance refresh of {group.Name} ended {group.Status?.InstanceRefresh?.Status}";
            if (Current.StartedAt is { } since && State.Now - new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)) > TimeSpan.FromSeconds(Spec.ProgressDeadlineSeconds))
                return $"{group.Name} was not healthy within progressDeadlineSeconds ({Spec.ProgressDeadlineSeconds}s): " + Progress(group);
            return null;
        }
    }

    private static RolloutPlan BlueGreen(Context c)
    {
        var state = c.State;
        var green = state.Child(c.GroupName);
        var active = state.Child(c.ActiveGroup);
        string? waiting = null;
        string? preview = null;
        switch (c.Current.Outcome)
        {
            case RevisionOutcome.Succeeded:
                c.ActiveGroup = c.GroupName;
                if (green is null)
                    c.Actions.Add(new CreateGroup(c.GroupName, c.Current.TemplateHash!, c.Current.Revision, Attached: true));
                else if (!green.Attached)
                    c.Actions.Add(new SetAttached(green.Name, true));
                break;
            case RevisionOutcome.RolledBack:
                if (green is not null && green.Name != c.ActiveGroup)
                    c.Actions.Add(new DeleteGroup(green.Name));
                break;
            case RevisionOutcome.Failed:
                break;
            default:
                var promote = c.Spec.Strategy.BlueGreen?.AutoPromotion != false || state.PromoteRequested || active is null;
                if (green is null)
                {
                    c.Actions.Add(new CreateGroup(c.GroupName, c.Current.TemplateHash!, c.Current.Revision, Attached: promote));
                    waiting = $"creating {c.GroupName} (revision {c.Current.Revision})";
                    preview = active is null ? null : c.GroupName;
                }
                // Time spent waiting for a person to promote does not count against the deadline.
                else if (!(!promote && green.Ready && green.Health?.AllHealthy == true) && c.Failure(green) is { } failure)
                {
                    if (c.Spec.AutoRollback && active is not null)
                    {
                        c.Finish(RevisionOutcome.RolledBack, failure + $"; rolled back to {active.Name}");
                        c.Actions.Add(new DeleteGroup(green.Name));
                    }
                    else
                    {
                        c.Finish(RevisionOutcome.Failed, failure);
                    }
                }
                else if (green.Ready && green.Health?.AllHealthy == true)
                {
                    if (!promote)
                    {
                        waiting = $"{green.Name} is healthy and waits for promotion: annotate {Gureum.Api.Annotations.Promote}: \"true\"";
                        preview = green.Name;
                    }
                    else if (!green.Attached)
                    {
                        // Promoted from preview: serve first; it succeeds once its targets are healthy in the target group too.
                        c.Actions.Add(new SetAttached(green.Name, true));
                        waiting = $"{green.Name} promoted: waiting for its targets to pass the load balancer's health check";
                    }
                    else
                    {
                        c.Finish(RevisionOutcome.Succeeded);
                        c.ActiveGroup = green.Name;
                    }
                }
                else
                {
                    waiting = Progress(green);
                    preview = green.Name == c.ActiveGroup ? null : green.Name;
                }
                break;
        }

        // Groups of other revisions: detached, kept blueTerminationDelaySeconds, then deleted. The active
        // one keeps serving while a revision is in progress or failed.
        var delay = TimeSpan.FromSeconds(c.Spec.Strategy.BlueGreen?.BlueTerminationDelaySeconds ?? 300);
        foreach (var old in state.Children.Where(g => !g.Deleting && g.Name != c.GroupName && g.Name != c.ActiveGroup))
        {
            if (old.Attached)
                c.Actions.Add(new SetAttached(old.Name, false));
            else if (old.DetachedAt is not { } detached || state.Now - detached >= delay)
                c.Actions.Add(new DeleteGroup(old.Name));
        }
        var inProgress = c.Current.Outcome == RevisionOutcome.Progressing || c.Actions.Count > 0;
        return new RolloutPlan(c.Actions, new RolloutStatus { PreviewGroup = preview }, waiting, inProgress);
    }

    private static RolloutPlan InPlace(Context c)
    {
        var state = c.State;
        var group = state.Child(c.GroupName);
        string? waiting = null;
        var hash = c.Current.TemplateHash!;
        var stable = c.Stable;
        switch (c.Current.Outcome)
        {
            case RevisionOutcome.Succeeded:
                c.ActiveGroup = c.GroupName;
                if (group is null)
                    c.Actions.Add(new CreateGroup(c.GroupName, hash, c.Current.Revision, Attached: true));
                else if (group.TemplateHash != hash)
                    c.Actions.Add(new SetTemplate(group.Name, hash, c.Current.Revision, c.Spec.Template, group.StableTemplateJson, group.TemplateHash));
                else if (!group.Attached)
                    c.Actions.Add(new SetAttached(group.Name, true));
                break;
            case RevisionOutcome.RolledBack:
                // Back on the stable template; the failed one is not tried again until spec.template changes.
                if (group is not null && stable is not null && group.TemplateHash != stable.TemplateHash && group.StableTemplateJson is { } json)
                    c.Actions.Add(new SetTemplate(group.Name, stable.TemplateHash!, stable.Revision, Deserialize(json), json, group.TemplateHash));
                break;
            case RevisionOutcome.Failed:
                break;
            default:
                if (group is null)
                {
                    c.Actions.Add(new CreateGroup(c.GroupName, hash, c.Current.Revision, Attached: true));
                    waiting = $"creating {c.GroupName} (revision {c.Current.Revision})";
                }
                else if (group.TemplateHash != hash)
                {
                    // The template the group runs now is the one to return to, when it was the stable one.
                    var stableJson = stable is not null && group.TemplateHash == stable.TemplateHash
                        ? group.TemplateJson
                        : group.StableTemplateJson;
                    c.Actions.Add(new SetTemplate(group.Name, hash, c.Current.Revision, c.Spec.Template, stableJson, group.TemplateHash));
                    waiting = $"rolling revision {c.Current.Revision} out to {group.Name}";
                }
                else if (c.Failure(group) is { } failure)
                {
                    if (c.Spec.AutoRollback && stable is not null && group.StableTemplateJson is { } stableJson)
                    {
                        c.Finish(RevisionOutcome.RolledBack, failure + $"; rolling revision {stable.Revision} back out");
                        c.Actions.Add(new SetTemplate(group.Name, stable.TemplateHash!, stable.Revision, Deserialize(stableJson), stableJson, group.TemplateHash));
                    }
                    else
                    {
                        c.Finish(RevisionOutcome.Failed, failure);
                    }
                }
                else if (group.Ready && group.Health?.AllHealthy == true)
                {
                    c.Finish(RevisionOutcome.Succeeded);
                    c.ActiveGroup = group.Name;
                }
                else
                {
                    waiting = Progress(group);
                }
                break;
        }
        var inProgress = c.Current.Outcome == RevisionOutcome.Progressing || c.Actions.Count > 0;
        return new RolloutPlan(c.Actions, new RolloutStatus(), waiting, inProgress);
    }

    private static string Progress(ChildGroup group) =>
        group.Health is { } health
            ? $"{group.Name}: {health.Healthy} of {health.Desired} instances healthy" +
              (group.Status?.InstanceRefresh is { Status: "InProgress" or "Pending" } refresh ? $", instance refresh {refresh.PercentComplete ?? 0}%" : "")
            : $"{group.Name}: waiting for its instances";

    private static InstanceGroupSpec Deserialize(string json) => RolloutNames.ReadTemplate(json);
}
