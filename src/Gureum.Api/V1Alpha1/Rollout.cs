using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Gureum.Api.V1Alpha1;

/// <summary>Deploys revisions of an InstanceGroup template, in place or blue/green.</summary>
public sealed class Rollout() : GureumResource<RolloutSpec, RolloutStatus>(KindName)
{
    public const string KindName = "Rollout";

    public static KindDefinition Definition { get; } = KindDefinition.For<Rollout, RolloutSpec, RolloutStatus>(
        KindName, "rollouts", "ro", "Rollout owns InstanceGroups and moves them to new template revisions.",
        new PrinterColumn("Phase", "string", ".status.phase", "Rollout phase"),
        new PrinterColumn("Revision", "integer", ".status.currentRevision", "Current revision"),
        new PrinterColumn("Active", "string", ".status.activeGroup", "InstanceGroup serving traffic"),
        new PrinterColumn("Preview", "string", ".status.previewGroup", "Green InstanceGroup waiting to serve", Priority: 1));
}

[JsonConverter(typeof(JsonStringEnumConverter<RolloutStrategyType>))]
public enum RolloutStrategyType { InPlace, BlueGreen }

[JsonConverter(typeof(JsonStringEnumConverter<BatchSize>))]
public enum BatchSize { OneAtATime, HalfAtATime, AllAtOnce }

[JsonConverter(typeof(JsonStringEnumConverter<RolloutPhase>))]
public enum RolloutPhase { Progressing, Healthy, Degraded, RolledBack }

[JsonConverter(typeof(JsonStringEnumConverter<RevisionOutcome>))]
public enum RevisionOutcome { Progressing, Succeeded, Failed, RolledBack, Superseded }

public sealed record RolloutSpec : ManagedSpec
{
    [JsonPropertyName("template")]
    [Description("The InstanceGroup spec every revision is made from; a change makes a new revision.")]
    public required InstanceGroupSpec Template { get; init; }

    [JsonPropertyName("loadBalancerRef")]
    [Description("The LoadBalancer whose target group receives the active group.")]
    public LocalObjectReference? LoadBalancerRef { get; init; }

    [JsonPropertyName("strategy")]
    [Description("How a new revision replaces the old one.")]
    public required RolloutStrategy Strategy { get; init; }

    [JsonPropertyName("progressDeadlineSeconds"), DefaultValue(600), Range(1, 86400)]
    [Description("Seconds a revision may take to become healthy before it counts as failed.")]
    public int ProgressDeadlineSeconds { get; init; } = 600;

    [JsonPropertyName("autoRollback"), DefaultValue(true)]
    [Description("Return to the last healthy revision when a revision fails.")]
    public bool AutoRollback { get; init; } = true;

    [JsonPropertyName("revisionHistoryLimit"), DefaultValue(10), Range(0, 100)]
    [Description("Revisions kept in status.history.")]
    public int RevisionHistoryLimit { get; init; } = 10;
}

public sealed record RolloutStrategy
{
    [JsonPropertyName("type"), DefaultValue(RolloutStrategyType.InPlace)]
    [Description("InPlace replaces instances of one group in batches; BlueGreen starts a new group per revision.")]
    public RolloutStrategyType Type { get; init; } = RolloutStrategyType.InPlace;

    [JsonPropertyName("inPlace")]
    [Description("Settings for InPlace.")]
    public InPlaceStrategy? InPlace { get; init; }

    [JsonPropertyName("blueGreen")]
    [Description("Settings for BlueGreen.")]
    public BlueGreenStrategy? BlueGreen { get; init; }
}

public sealed record InPlaceStrategy
{
    [JsonPropertyName("batchSize")]
    [Description("OneAtATime, HalfAtATime or AllAtOnce; exclusive with minHealthyPercentage.")]
    public BatchSize? BatchSize { get; init; }

    [JsonPropertyName("minHealthyPercentage"), Range(0, 100)]
    [Description("Keep at least this percentage of instances healthy while replacing.")]
    public int? MinHealthyPercentage { get; init; }
}

public sealed record BlueGreenStrategy
{
    [JsonPropertyName("autoPromotion"), DefaultValue(true)]
    [Description("Switch traffic to green as soon as it is healthy; false waits for the annotation gureum.dev/promote: \"true\".")]
    public bool AutoPromotion { get; init; } = true;

    [JsonPropertyName("blueTerminationDelaySeconds"), DefaultValue(300), Range(0, 86400)]
    [Description("Seconds the detached blue group is kept before it is deleted.")]
    public int BlueTerminationDelaySeconds { get; init; } = 300;
}

public sealed record RolloutStatus : ResourceStatus
{
    [JsonPropertyName("phase")]
    [Description("Progressing, Healthy, Degraded or RolledBack.")]
    public RolloutPhase? Phase { get; init; }

    [JsonPropertyName("currentRevision")]
    [Description("Revision being rolled out or running.")]
    public long? CurrentRevision { get; init; }

    [JsonPropertyName("stableRevision")]
    [Description("Last revision that became healthy.")]
    public long? StableRevision { get; init; }

    [JsonPropertyName("activeGroup")]
    [Description("InstanceGroup serving traffic.")]
    public string? ActiveGroup { get; init; }

    [JsonPropertyName("previewGroup")]
    [Description("Green InstanceGroup not yet serving traffic.")]
    public string? PreviewGroup { get; init; }

    [JsonPropertyName("history")]
    [Description("Revisions and their outcome, newest first.")]
    public IReadOnlyList<RevisionRecord>? History { get; init; }
}

public sealed record RevisionRecord
{
    [JsonPropertyName("revision")]
    [Description("Revision number.")]
    public required long Revision { get; init; }

    [JsonPropertyName("templateHash")]
    [Description("Hash of the template of this revision.")]
    public string? TemplateHash { get; init; }

    [JsonPropertyName("groupName")]
    [Description("InstanceGroup of this revision.")]
    public string? GroupName { get; init; }

    [JsonPropertyName("outcome")]
    [Description("Progressing, Succeeded, Failed, RolledBack or Superseded.")]
    public RevisionOutcome? Outcome { get; init; }

    [JsonPropertyName("startedAt")]
    [Description("When the revision started rolling out.")]
    public DateTime? StartedAt { get; init; }

    [JsonPropertyName("finishedAt")]
    [Description("When the revision reached its outcome.")]
    public DateTime? FinishedAt { get; init; }

    [JsonPropertyName("message")]
    [Description("Why the revision ended as it did (a failure's cause).")]
    public string? Message { get; init; }
}
