using Gureum.Api;
using Gureum.Aws.Errors;
using Gureum.Runtime;

namespace Gureum.Controllers.Common;

/// <summary>How an AWS error shows in status and how the runtime treats it.</summary>
internal sealed record ErrorOutcome(PassState State, string Reason, ErrorClass Class);

internal static class AwsErrors
{
    public static ErrorOutcome Classify(Exception exception) => exception switch
    {
        AwsException { Kind: AwsErrorKind.AccessDenied } => new(PassState.Stalled, ConditionReasons.AccessDenied, ErrorClass.Terminal),
        AwsException { Kind: AwsErrorKind.Invalid } => new(PassState.Stalled, ConditionReasons.AwsError, ErrorClass.Terminal),
        AwsException { Kind: AwsErrorKind.Throttled } => new(PassState.Progressing, ConditionReasons.Throttled, ErrorClass.Throttled),
        NotOwnedException => new(PassState.Stalled, ConditionReasons.NotOwned, ErrorClass.Terminal),
        _ => new(PassState.Progressing, ConditionReasons.AwsError, ErrorClass.Transient),
    };

    /// <summary>The runtime's classifier taught about AWS errors.</summary>
    public static IErrorClassifier Classifier { get; } = DefaultErrorClassifier.With(exception =>
        exception is AwsException or NotOwnedException ? Classify(exception).Class : null);
}

/// <summary>The AWS resource exists and belongs to someone else.</summary>
internal sealed class NotOwnedException(string message) : Exception(message);
