namespace Gureum.Aws.Endpoints;

/// <summary>Where to send a service's requests and which region to put in the SigV4 scope.</summary>
public sealed record AwsEndpoint(Uri Url, string SigningRegion);
