namespace Gureum.Controllers;

/// <summary>What the host tells the controllers (command-line flags of <c>gureum run</c> / <c>gureum local</c>).</summary>
public sealed record GureumControllerOptions
{
    /// <summary>Written into every ownership mark; two clusters sharing an account must differ.</summary>
    public required string ClusterId { get; init; }

    /// <summary>How often every object is compared with AWS again (<c>--drift-interval</c>).</summary>
    public TimeSpan DriftInterval { get; init; } = TimeSpan.FromSeconds(60);

    public int Workers { get; init; } = 4;

    /// <summary>
    /// A zone's change batch is sent once no record submitted a change for this long (no more are
    /// coming), or at <see cref="BatchMaxHold"/>, or when full; while an earlier batch of the zone is
    /// unanswered the next keeps collecting. One record alone waits this long.
    /// </summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a zone's change batch may collect while changes keep coming (many records reconciled
    /// at once): longer means fewer, fuller ChangeResourceRecordSets calls, at the cost of this much
    /// delay for the first record of the batch.
    /// </summary>
    public TimeSpan BatchMaxHold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a batched describe (ELBv2 load balancers and target groups by name, tags, listeners by ARN)
    /// waits for the keys of other objects' passes before it is sent; a full batch (20) goes at once, and keys
    /// asked while the lookup's calls are in flight wait for one to finish. Every LoadBalancer pass waits this
    /// long once; the resync spreads N objects over a tenth of the drift interval, so a batch holds about
    /// N / (0.1 × DriftInterval) × LookupWindow keys (200 objects, 60 s, 500 ms: about 17).
    /// </summary>
    public TimeSpan LookupWindow { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A resync pass with nothing to do reads only what batches across objects; every this many drift
    /// intervals (and after any write, spec edit or requested reconcile) it reads everything, per-resource
    /// calls included (ELBv2 attributes, listeners by load balancer, target health).
    /// </summary>
    public int FullReadEvery { get; init; } = 10;

    /// <summary>
    /// A zone listing younger than this is reused by every record of the zone (our own writes are
    /// applied to it). Capped at a quarter of the drift interval, so that a resync pass sees an
    /// out-of-band change made up to 1.25 drift intervals before.
    /// </summary>
    public TimeSpan ZoneListingFreshness { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How soon a pass that wrote, or that waits for AWS (a Route53 change PENDING), looks again.</summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Lets an IamRole trust policy name a wildcard principal (<c>--allow-wildcard-trust</c>); refused otherwise.</summary>
    public bool AllowWildcardTrust { get; init; }
}
