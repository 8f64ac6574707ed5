namespace Gureum.Runtime;

/// <summary>
/// What should happen after a successful reconcile. Errors are never a result: they are
/// exceptions, classified by <see cref="IErrorClassifier"/>, so a result cannot carry both.
/// </summary>
public sealed record ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter) => Requeue = requeueAfter;

    /// <summary>Converged; woken again only by a change or the periodic resync.</summary>
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    /// <summary>Look again after <paramref name="delay"/> (e.g. waiting for AWS to settle).</summary>
    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(delay);
    }

    public TimeSpan? Requeue { get; }

    public bool IsDone => Requeue is null;
}
