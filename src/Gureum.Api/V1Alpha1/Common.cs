using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Gureum.Api.V1Alpha1;

[JsonConverter(typeof(JsonStringEnumConverter<DeletionPolicy>))]
public enum DeletionPolicy { Delete, Retain }

[JsonConverter(typeof(JsonStringEnumConverter<ManagementPolicy>))]
public enum ManagementPolicy { Full, ObserveOnly }

[JsonConverter(typeof(JsonStringEnumConverter<DriftPolicy>))]
public enum DriftPolicy { Correct, Report }

[JsonConverter(typeof(JsonStringEnumConverter<ConditionStatus>))]
public enum ConditionStatus { True, False, Unknown }

/// <summary>Spec fields every kind shares.</summary>
public abstract record ManagedSpec
{
    [JsonPropertyName("deletionPolicy"), DefaultValue(DeletionPolicy.Delete)]
    [Description("What happens to the AWS resource when this object is deleted: Delete removes it, Retain leaves it untouched.")]
    public DeletionPolicy DeletionPolicy { get; init; } = DeletionPolicy.Delete;

    [JsonPropertyName("managementPolicy"), DefaultValue(ManagementPolicy.Full)]
    [Description("Full creates, updates, corrects and deletes; ObserveOnly never writes to AWS and only reports state and drift.")]
    public ManagementPolicy ManagementPolicy { get; init; } = ManagementPolicy.Full;

    [JsonPropertyName("driftPolicy"), DefaultValue(DriftPolicy.Correct)]
    [Description("Correct reverts out-of-band changes; Report only records them in status.drift and as an Event.")]
    public DriftPolicy DriftPolicy { get; init; } = DriftPolicy.Correct;
}

/// <summary>Status fields every kind shares.</summary>
public abstract record ResourceStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; init; }

    [JsonPropertyName("conditions")]
    [Description("Ready, Reconciling, Stalled and Drifted conditions.")]
    public IReadOnlyList<Condition>? Conditions { get; init; }

    [JsonPropertyName("lastSyncedTime")]
    [Description("When the AWS state was last read and compared with the spec. A pass that changes nothing else in status refreshes it only every 5 drift intervals, to spare the API server a write per object per interval.")]
    public DateTime? LastSyncedTime { get; init; }

    [JsonPropertyName("drift")]
    [Description("Fields whose AWS value differs from the spec, as last observed.")]
    public IReadOnlyList<DriftEntry>? Drift { get; init; }

    [JsonPropertyName("syncedGeneration")]
    [Description("The metadata.generation AWS last matched. A difference found while this equals metadata.generation was made outside Gureum (drift); one found after a spec edit is an update.")]
    public long? SyncedGeneration { get; init; }

    [JsonPropertyName("lastHandledReconcileAt")]
    [Description("The gureum.dev/reconcile-requested-at annotation value the controller last acted on.")]
    public string? LastHandledReconcileAt { get; init; }
}

public sealed record Condition
{
    [JsonPropertyName("type")]
    [Description("Condition type: Ready, Reconciling, Stalled or Drifted.")]
    public required string Type { get; init; }

    [JsonPropertyName("status")]
    [Description("True, False or Unknown.")]
    public required ConditionStatus Status { get; init; }

    [JsonPropertyName("reason")]
    [Description("A CamelCase reason code for the last transition.")]
    public string? Reason { get; init; }

    [JsonPropertyName("message")]
    [Description("A human readable explanation.")]
    public string? Message { get; init; }

    [JsonPropertyName("lastTransitionTime")]
    [Description("When the status last changed.")]
    public DateTime? LastTransitionTime { get; init; }

    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation the condition was computed from.")]
    public long? ObservedGeneration { get; init; }
}

public sealed record LocalObjectReference
{
    [JsonPropertyName("name"), MinLength(1)]
    [Description("Name of the referenced object in the same namespace.")]
    public required string Name { get; init; }
}

public sealed record DriftEntry
{
    [JsonPropertyName("path")]
    [Description("The spec field that differs, e.g. spec.ttl.")]
    public required string Path { get; init; }

    [JsonPropertyName("desired")]
    [Description("The value the spec asks for.")]
    public string? Desired { get; init; }

    [JsonPropertyName("actual")]
    [Description("The value found in AWS.")]
    public string? Actual { get; init; }

    [JsonPropertyName("detectedAt")]
    [Description("When the difference was first seen.")]
    public DateTime? DetectedAt { get; init; }
}
