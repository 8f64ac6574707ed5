using Gureum.Local.Aws.Faults;

namespace Gureum.Local.Aws;

/// <summary>One emulated AWS service, found by the signing name in the credential scope.</summary>
internal interface IAwsService
{
    string SigningName { get; }

    /// <summary>The error code this service answers when throttled (EC2: RequestLimitExceeded).</summary>
    string ThrottlingCode { get; }

    /// <summary>Null when the request names no operation this service knows.</summary>
    AwsOperation? Resolve(AwsRequest request);

    /// <summary>The answer when <see cref="Resolve"/> finds no operation.</summary>
    AwsError UnknownOperation(AwsRequest request);

    Task<AwsResponse> HandleAsync(AwsRequest request, AwsOperation operation, CancellationToken cancellationToken);

    AwsResponse Error(AwsError error, string requestId);

    /// <summary>A fault only this service has (Route53's PriorRequestNotComplete), drawn before the
    /// handler runs with <paramref name="draw"/>(fraction); null when none applies.</summary>
    (FaultKind Kind, AwsError Error)? ServiceFault(AwsOperation operation, ServiceFaults faults, Func<double, bool> draw) => null;
}

internal record AwsError(int StatusCode, string Code, string Message, string Type = "Sender")
{
    public static AwsError InvalidAction(string action, string version) =>
        new(400, "InvalidAction", $"Could not find operation {action} for version {version}");
}

/// <summary>Thrown inside a service to answer an AWS error; caught once by the service's dispatcher.</summary>
internal sealed class AwsErrorException(AwsError error) : Exception(error.Message)
{
    public AwsError Error { get; } = error;
}
