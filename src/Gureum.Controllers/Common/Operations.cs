using System.Collections.Concurrent;

namespace Gureum.Controllers.Common;

/// <summary>What a finished AWS operation reports: its id (a Route53 change id) and its state (PENDING).</summary>
public sealed record OperationResult(string? Id, string? Status);

/// <summary>
/// An AWS write handed off without waiting (a Route53 change in its zone's batch; later a load
/// balancer's provisioning or an instance refresh). The pass that submitted it returns at once;
/// the object's next pass collects the answer: the Events are recorded then.
/// </summary>
public sealed record Operation(Task<OperationResult?> Completion, string EventReason, string Description)
{
    /// <summary>The drift this operation puts right, for the DriftCorrected Event.</summary>
    public string? CorrectedDrift { get; init; }
}

/// <summary>Operations by object uid; at most one per object (the runtime runs one pass per object at a time).</summary>
public sealed class OperationTracker
{
    private readonly ConcurrentDictionary<string, Operation> _byObject = new(StringComparer.Ordinal);

    public void Add(string uid, Operation operation) => _byObject[uid] = operation;

    /// <summary>True while the object's operation has not been answered yet.</summary>
    public bool IsRunning(string uid) => _byObject.TryGetValue(uid, out var operation) && !operation.Completion.IsCompleted;

    /// <summary>The object's answered operation, removed; null when there is none.</summary>
    public Operation? TakeFinished(string uid) =>
        _byObject.TryGetValue(uid, out var operation) && operation.Completion.IsCompleted
        && _byObject.TryRemove(new KeyValuePair<string, Operation>(uid, operation))
            ? operation
            : null;
}
