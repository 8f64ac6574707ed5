using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Gureum.Aws.Endpoints;
using Gureum.Aws.Pipeline;

namespace Gureum.Aws;

/// <summary>Everything the AWS layer needs to reach AWS: region, credentials (resolved lazily and
/// refreshed by the SDK on every signing), the environment endpoints are read from, and the limits.</summary>
public sealed record AwsSettings(string Region, AWSCredentials Credentials, IReadOnlyDictionary<string, string?> Environment)
{
    public AwsRateLimits RateLimits { get; init; } = AwsRateLimits.Default;
    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    public AwsEndpoint EndpointFor(AwsService service) => EndpointResolver.Resolve(service, Region, Environment);

    /// <summary>Region from <paramref name="region"/>, else AWS_REGION / AWS_DEFAULT_REGION / the profile
    /// (AWSSDK's FallbackRegionFactory); credentials from AWSSDK's default chain (environment, profile,
    /// web identity for IRSA, container and instance metadata); endpoints from the process environment.</summary>
    public static AwsSettings FromEnvironment(string? region = null)
    {
        var resolvedRegion = region
            ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? throw new InvalidOperationException("No AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or a region in the AWS profile).");
        var credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        return new AwsSettings(resolvedRegion, credentials, EndpointResolver.ProcessEnvironment());
    }

    /// <summary>Static keys and one endpoint for every service: the emulator or another AWS-compatible endpoint.</summary>
    public static AwsSettings ForEndpoint(Uri endpoint, string region, string accessKeyId, string secretAccessKey) =>
        new(region, new BasicAWSCredentials(accessKeyId, secretAccessKey),
            new Dictionary<string, string?> { [EndpointResolver.GlobalEndpointVariable] = endpoint.ToString() });

    // Keys never reach logs through a record's generated ToString.
    public override string ToString() => $"AwsSettings {{ Region = {Region}, Credentials = {Credentials.GetType().Name} }}";
}
