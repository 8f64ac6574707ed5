namespace Gureum.Runtime;

/// <summary>
/// What should happen after a reconcile that did not throw. Unexpected errors are exceptions,
/// classified by <see cref="IErrorClassifier"/>, so a result never carries an error.
/// </summary>
public sealed record ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter, bool stalled)
    {
        Requeue = requeueAfter;
        IsStalled = stalled;
    }

    /// <summary>Converged; woken again only by a change or the periodic resync.</summary>
    public static ReconcileResult Done { get; } = new(null, false);

    /// <summary>Look again after <paramref name="delay"/> (e.g. waiting for AWS to settle).</summary>
    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(delay, false);
    }

    /// <summary>
    /// Terminal (invalid spec, not ours, access denied): the object is not reconciled again, not
    /// even by the periodic resync, until a user changes it (spec, annotations, labels, deletion).
    /// <paramref name="recheckAfter"/> allows one slow look anyway, for conditions that can clear
    /// without the object changing (another owner letting go of a resource).
    /// </summary>
    public static ReconcileResult Stalled(TimeSpan? recheckAfter = null)
    {
        if (recheckAfter is { } delay)
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(recheckAfter, true);
    }

    /// <summary>When to look again: after a requeue delay, or a stalled object's recheck.</summary>
    public TimeSpan? Requeue { get; }

    public bool IsStalled { get; }

    public bool IsDone => Requeue is null && !IsStalled;
}
