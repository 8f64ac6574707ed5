using System.Runtime.ExceptionServices;
using Amazon.EC2;
using Amazon.Runtime;
using Gureum.Aws.Errors;
using Gureum.Aws.Pipeline;

namespace Gureum.Aws.Ec2;

/// <summary>EC2 through the official SDK client, but on the same pipeline as every other service: the
/// EC2 describe/mutate buckets, retry, metrics and tracing, and errors as <see cref="AwsException"/>.
/// The SDK's own retries are off (<see cref="Ec2ClientFactory"/>), so the pipeline is the only one retrying.</summary>
public sealed class Ec2Calls(IAmazonEC2 client, AwsCallPipeline pipeline, string region)
{
    /// <summary>The SDK client, for building requests; calls go through <see cref="CallAsync{T}"/>.</summary>
    public IAmazonEC2 Sdk => client;

    public Task<T> CallAsync<T>(AwsOperation operation, Func<IAmazonEC2, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (operation.Service != AwsService.Ec2)
            throw new ArgumentException($"{operation} is not an EC2 operation.", nameof(operation));
        return pipeline.ExecuteAsync(operation, region, async token =>
        {
            try
            {
                return await call(client, token);
            }
            catch (AmazonServiceException e) when (e.StatusCode == 0 && e.InnerException is HttpRequestException or IOException)
            {
                // The SDK wraps a dropped connection; the pipeline retries network errors by their own type.
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
            catch (AmazonServiceException e)
            {
                throw AwsException.FromSdk(e);
            }
        }, cancellationToken);
    }
}
