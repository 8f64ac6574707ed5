using Gureum.Api;
using Gureum.Aws.Errors;
using Gureum.Runtime;

namespace Gureum.Controllers.Common;

/// <summary>How an error shows in status and how the runtime treats it.</summary>
internal sealed record ErrorOutcome(PassState State, string Reason, ErrorClass Class);

internal static class AwsErrors
{
    public static ErrorOutcome Classify(Exception exception) => exception switch
    {
        AwsException { Kind: AwsErrorKind.AccessDenied } => new(PassState.Stalled, ConditionReasons.AccessDenied, ErrorClass.Terminal),
        AwsException { Kind: AwsErrorKind.Invalid } => new(PassState.Stalled, ConditionReasons.AwsError, ErrorClass.Terminal),
        AwsException { Kind: AwsErrorKind.Throttled } => new(PassState.Progressing, ConditionReasons.Throttled, ErrorClass.Throttled),
        AwsException { Kind: AwsErrorKind.NotFound } or MissingAwsResourceException =>
            new(PassState.Progressing, ConditionReasons.NotFound, ErrorClass.Transient),
        _ => new(PassState.Progressing, ConditionReasons.AwsError, ErrorClass.Transient),
    };

    /// <summary>Errors AWS and the controllers produce in normal operation: logged as one line, without a stack trace.</summary>
    public static bool IsExpected(Exception exception) => exception is AwsException or MissingAwsResourceException or ExpectedRetryException;

    /// <summary>The runtime's classifier taught about AWS errors.</summary>
    public static IErrorClassifier Classifier { get; } = DefaultErrorClassifier.With(
        exception => exception is AwsException or MissingAwsResourceException ? Classify(exception).Class : null,
        IsExpected);
}

/// <summary>Calls whose expected failure is what the step wanted (deleting what is already gone).</summary>
internal static class Tolerate
{
    /// <summary>Runs <paramref name="call"/>; an <see cref="AwsException"/> of <paramref name="kind"/> (NotFound by default) counts as done.</summary>
    public static async Task AwsErrorAsync(Func<Task> call, AwsErrorKind kind = AwsErrorKind.NotFound)
    {
        try
        {
            await call();
        }
        catch (AwsException expected) when (expected.Kind == kind)
        {
            // Already what this step wanted.
        }
    }
}

/// <summary>Something the object needs is not in AWS (yet): retried with backoff, shown as NotFound.</summary>
internal class MissingAwsResourceException(string message) : Exception(message);

/// <summary>A condition a controller expects and retries (a stale view of AWS): logged without a stack trace.</summary>
internal class ExpectedRetryException(string message, Exception? inner = null) : Exception(message, inner);
