using System.Net;

namespace Gureum.Aws.Errors;

/// <summary>The one exception every AWS error becomes, whichever protocol or client produced it.</summary>
public sealed class AwsException(
    string code,
    string message,
    string? requestId,
    HttpStatusCode status,
    AwsErrorKind kind,
    Exception? innerException = null)
    : Exception($"{code}: {message}", innerException)
{
    public string Code { get; } = code;
    public string AwsMessage { get; } = message;
    public string? RequestId { get; } = requestId;
    public HttpStatusCode Status { get; } = status;
    public AwsErrorKind Kind { get; } = kind;

    public bool IsRetryable => Kind is AwsErrorKind.Throttled or AwsErrorKind.Transient;

    /// <summary>An account quota was hit (LimitExceeded, ELBv2's TooMany* and TargetGroupAssociationLimit): Throttled, so retried later by the caller, but
    /// neither retried at once by the pipeline nor a reason to slow the whole service down.</summary>
    public bool IsQuota => Code is "LimitExceeded" or "LimitExceededException" or "TargetGroupAssociationLimit"
        || (Code.StartsWith("TooMany", StringComparison.Ordinal) && Code != "TooManyRequestsException");

    public static AwsException Create(string code, string message, string? requestId, HttpStatusCode status, Exception? inner = null) =>
        new(code, message, requestId, status, AwsErrorClassifier.Classify(code, status), inner);

    /// <summary>Maps an AWSSDK (EC2) service exception into the one exception type.</summary>
    public static AwsException FromSdk(Amazon.Runtime.AmazonServiceException exception) =>
        Create(
            string.IsNullOrEmpty(exception.ErrorCode) ? exception.StatusCode.ToString() : exception.ErrorCode,
            exception.Message,
            exception.RequestId,
            exception.StatusCode,
            exception);
}
