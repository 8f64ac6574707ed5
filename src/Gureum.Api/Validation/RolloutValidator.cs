using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Validation;

public static class RolloutValidator
{
    public static IReadOnlyList<FieldError> Validate(RolloutSpec spec)
    {
        var errors = new FieldErrors();
        // The groups get the Rollout's load balancer: the template is valid as they will be.
        var asGroups = spec.LoadBalancerRef is { } lb && spec.Template.LoadBalancerRefs is not { Count: > 0 } ? spec.Template with { LoadBalancerRefs = [lb] } : spec.Template;
        foreach (var error in InstanceGroupValidator.Validate(asGroups, "spec.template"))
            errors.Add(error.Path, error.Message);
        var strategy = spec.Strategy;
        if (strategy.Type == RolloutStrategyType.InPlace)
        {
            if (strategy.BlueGreen is not null)
                errors.Add("spec.strategy.blueGreen", "only allowed with type BlueGreen");
            if (strategy.InPlace is { BatchSize: not null, MinHealthyPercentage: not null })
                errors.Add("spec.strategy.inPlace", "set batchSize or minHealthyPercentage, not both");
        }
        else
        {
            if (strategy.InPlace is not null)
                errors.Add("spec.strategy.inPlace", "only allowed with type InPlace");
            if (spec.LoadBalancerRef is null)
                errors.Add("spec.loadBalancerRef", "BlueGreen needs a load balancer to switch traffic");
        }
        if (spec.Template.LoadBalancerRefs is { Count: > 0 })
            errors.Add("spec.template.loadBalancerRefs", "set spec.loadBalancerRef; the Rollout attaches its groups itself");
        errors.Require(spec.ProgressDeadlineSeconds > 0, "spec.progressDeadlineSeconds", "must be positive");
        errors.Require(spec.RevisionHistoryLimit >= 0, "spec.revisionHistoryLimit", "must not be negative");
        return errors.ToList();
    }
}
