using System.Collections.Concurrent;
using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>
/// A record's changes handed to its zone's batcher by a pass that did not wait for the batch: the
/// pass returns at once (so a worker never sits in a batch window and a batch can gather every
/// record reconciled meanwhile), and the record's next pass collects the outcome.
/// </summary>
internal sealed record Submission(Task<ChangeInfo?> Result, string What, string Description, string? CorrectedDrift);

/// <summary>Submissions by object uid; at most one per object (the runtime runs one pass per object at a time).</summary>
internal sealed class InFlightChanges
{
    private readonly ConcurrentDictionary<string, Submission> _byObject = new(StringComparer.Ordinal);

    public void Add(string uid, Submission submission) => _byObject[uid] = submission;

    /// <summary>True while the object's batch has not been answered yet.</summary>
    public bool IsRunning(string uid) => _byObject.TryGetValue(uid, out var submission) && !submission.Result.IsCompleted;

    /// <summary>The object's answered submission, removed; null when there is none.</summary>
    public Submission? TakeFinished(string uid) =>
        _byObject.TryGetValue(uid, out var submission) && submission.Result.IsCompleted
        && _byObject.TryRemove(new KeyValuePair<string, Submission>(uid, submission))
            ? submission
            : null;
}
