namespace Gureum.Runtime;

public sealed record ControllerManagerOptions
{
    /// <summary>Watch one namespace only; null watches all.</summary>
    public string? Namespace { get; init; }

    /// <summary>How long in-flight reconciles may run on after shutdown began.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When set, only the holder of this Lease runs the controllers (every replica keeps its caches warm).</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }
}

/// <summary>A coordination.k8s.io/v1 Lease shared by every instance of the operator.</summary>
public sealed record LeaderElectionOptions(string LeaseNamespace, string LeaseName, string Identity)
{
    /// <summary>Others wait this long after the last renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The leader gives up if it cannot renew within this.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(7);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(1);
}
