namespace Gureum.Api;

public static class GureumApi
{
    public const string Group = "gureum.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Category = "gureum";
    public const string Finalizer = "gureum.dev/finalizer";
}

public static class Annotations
{
    public const string Paused = "gureum.dev/paused";
    public const string Adopt = "gureum.dev/adopt";
    public const string ReconcileRequestedAt = "gureum.dev/reconcile-requested-at";

    /// <summary>Lets a controller replace an AWS resource whose immutable fields changed.</summary>
    public const string AllowReplacement = "gureum.dev/allow-replacement";

    /// <summary>On a Rollout with autoPromotion false: "true" switches traffic to the healthy preview group.</summary>
    public const string Promote = "gureum.dev/promote";
}

public static class TagKeys
{
    public const string Cluster = "gureum.dev/cluster";

    /// <summary>Value is namespace/Kind/name.</summary>
    public const string Owner = "gureum.dev/owner";
}

public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";
    public const string Drifted = "Drifted";
}

public static class ConditionReasons
{
    public const string InvalidSpec = "InvalidSpec";
    public const string NotOwned = "NotOwned";
    public const string AccessDenied = "AccessDenied";
    public const string DependencyNotReady = "DependencyNotReady";
    public const string Creating = "Creating";
    public const string Updating = "Updating";
    public const string Available = "Available";
    public const string InSync = "InSync";
    public const string DriftCorrected = "DriftCorrected";
    public const string DriftReported = "DriftReported";
    public const string NoDrift = "NoDrift";
    public const string Paused = "Paused";
    public const string ObserveOnly = "ObserveOnly";
    public const string Deleting = "Deleting";
    public const string NotFound = "NotFound";
    public const string Throttled = "Throttled";
    public const string AwsError = "AwsError";
    public const string DriftDetected = "DriftDetected";
    public const string NotCompared = "NotCompared";
    public const string Stalled = "Stalled";
    public const string Idle = "Idle";
    public const string Progressing = "Progressing";
    public const string ReplacementRequired = "ReplacementRequired";
    public const string InstanceRefreshFailed = "InstanceRefreshFailed";
    public const string RolledBack = "RolledBack";
    public const string RolloutFailed = "RolloutFailed";
    public const string AwaitingPromotion = "AwaitingPromotion";
}
