using Amazon.Runtime;
using Gureum.Aws;

namespace Gureum.Operator.Hosting;

/// <summary>
/// AWS settings at start-up, with what is missing said in one line. Resolution is the AWS SDK's
/// own (region chain, credential chain: environment, profile, IRSA web identity, container and
/// instance metadata); this only bounds it in time and words its failures.
/// </summary>
internal static class AwsStartup
{
    /// <summary>Off EC2 the SDK may keep retrying instance metadata for ~35 s; a start-up check should not.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(15);

    public const string ProvideCredentials =
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in ~/.aws/credentials, " +
        "or run with an IAM role (IRSA web identity, ECS task role, EC2 instance profile)";

    public const string ProvideCredentialsForEndpoint =
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (LocalStack accepts any, e.g. test/test), or AWS_PROFILE with a profile in ~/.aws/credentials";

    /// <summary><c>gureum run</c>: region, credentials and endpoints as the AWS SDKs read them.</summary>
    public static Task<AwsSettings> FromEnvironmentAsync(TimeProvider time, CancellationToken cancellationToken) =>
        Bounded(() => AwsSettings.FromEnvironment(), ProvideCredentials, time, cancellationToken);

    /// <summary><c>gureum local --aws-endpoint</c>: the SDK's credential chain, nothing invented when it finds none.</summary>
    public static Task<AWSCredentials> CredentialsAsync(TimeProvider time, CancellationToken cancellationToken) =>
        Bounded(() => Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials(), ProvideCredentialsForEndpoint, time, cancellationToken);

    private static async Task<T> Bounded<T>(Func<T> resolve, string howToProvideCredentials, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK's resolution is synchronous and may block on the network (instance metadata).
            return await Task.Run(resolve, cancellationToken).WaitAsync(ResolveTimeout, time, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            // AwsSettings' "No AWS region: set AWS_REGION ..." already says what and how.
            throw new StartupException(exception.Message, exception);
        }
        catch (Exception exception) when (exception is AmazonClientException or AmazonServiceException)
        {
            throw new StartupException($"No AWS credentials found by the AWS SDK's credential chain: {howToProvideCredentials}.", exception);
        }
        catch (TimeoutException exception)
        {
            throw new StartupException(
                $"No AWS credentials within {ResolveTimeout.TotalSeconds:0} s (the AWS SDK was still trying, e.g. EC2 instance metadata): " +
                $"{howToProvideCredentials}; off EC2, AWS_EC2_METADATA_DISABLED=true skips instance metadata.", exception);
        }
    }
}
