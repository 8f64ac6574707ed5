using Amazon.EC2;

namespace Gureum.Aws.Ec2;

/// <summary>EC2 through the official SDK client, pointed at the same endpoint, signing region and
/// credentials as everything else. The SDK's own retries are off: callers wrap EC2 calls in the
/// <see cref="Pipeline.AwsCallPipeline"/> (mapping errors with <see cref="Errors.AwsException.FromSdk"/>).</summary>
public static class Ec2ClientFactory
{
    public static AmazonEC2Client Create(AwsSettings settings)
    {
        var endpoint = settings.EndpointFor(AwsService.Ec2);
        var config = new AmazonEC2Config
        {
            ServiceURL = endpoint.Url.ToString(),
            AuthenticationRegion = endpoint.SigningRegion,
            MaxErrorRetry = 0,
        };
        return new AmazonEC2Client(settings.Credentials, config);
    }
}
