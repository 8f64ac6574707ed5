using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Rollouts;

/// <summary>How a group's instances look to the load balancer (or, without one, to Auto Scaling).</summary>
internal sealed record GroupHealth(int Desired, int Healthy, int Unhealthy)
{
    public bool AllHealthy => Desired > 0 && Healthy >= Desired;
}

/// <summary>One InstanceGroup the Rollout owns, as this pass saw it.</summary>
internal sealed record ChildGroup(
    string Name,
    string TemplateHash,
    long Revision,
    bool Attached,
    DateTimeOffset? DetachedAt,
    bool Deleting,
    string? TemplateJson,
    string? StableTemplateJson,
    InstanceGroupStatus? Status,
    GroupHealth? Health)
{
    /// <summary>The InstanceGroup reports Ready for its current generation (in sync, instances in service and healthy).</summary>
    public bool Ready { get; init; }

    /// <summary>The InstanceGroup's instance refresh for its current generation failed or was cancelled.</summary>
    public bool RefreshFailed { get; init; }
}

/// <summary>What one pass knows: the Rollout, the template's hash, its groups with their health, and the time.</summary>
internal sealed record RolloutState(
    RolloutSpec Spec,
    RolloutStatus? Status,
    string RolloutName,
    string TemplateHash,
    IReadOnlyList<ChildGroup> Children,
    bool PromoteRequested,
    DateTimeOffset Now)
{
    public ChildGroup? Child(string? name) => name is null ? null : Children.FirstOrDefault(c => c.Name == name && !c.Deleting);
}
