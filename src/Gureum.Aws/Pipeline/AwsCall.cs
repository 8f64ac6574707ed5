namespace Gureum.Aws.Pipeline;

/// <summary>What the pipeline needs to know about one call: whose bucket it draws from and how it is named in metrics.</summary>
public sealed record AwsCall(AwsService Service, string Region, string Operation, bool Mutating)
{
    public static AwsCall For(AwsOperation operation, string region) =>
        new(operation.Service, region, operation.Name, operation.Writes);
}

/// <summary>How many requests (attempts, retries included) went to one operation, and how many of them failed.</summary>
public sealed record AwsCallCount(string Service, string Operation, long Attempts, long Failures);
