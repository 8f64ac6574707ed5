namespace Gureum.Controllers;

/// <summary>What the host tells the controllers (command-line flags of <c>gureum run</c> / <c>gureum local</c>).</summary>
public sealed record GureumControllerOptions
{
    /// <summary>Written into every ownership mark; two clusters sharing an account must differ.</summary>
    public required string ClusterId { get; init; }

    /// <summary>How often every object is compared with AWS again (<c>--drift-interval</c>).</summary>
    public TimeSpan DriftInterval { get; init; } = TimeSpan.FromSeconds(60);

    public int Workers { get; init; } = 4;

    /// <summary>How long a zone's change batcher collects submissions before sending one batch.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);

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
