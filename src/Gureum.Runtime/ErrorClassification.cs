using System.Net;
using k8s.Autorest;

namespace Gureum.Runtime;

public enum ErrorClass
{
    /// <summary>Retried with per-key exponential backoff and jitter.</summary>
    Transient,

    /// <summary>Retried later, and the whole controller pauses taking work for a while.</summary>
    Throttled,

    /// <summary>Not retried until the object changes (generation, annotations or deletion).</summary>
    Terminal,
}

public interface IErrorClassifier
{
    ErrorClass Classify(Exception exception);

    /// <summary>An error the system expects now and then (throttling, a dependency not there yet):
    /// logged as one line, without a stack trace.</summary>
    bool IsExpected(Exception exception) => false;
}

/// <summary>Thrown by a reconciler when retrying cannot help (invalid spec, not ours, access denied).</summary>
public class TerminalException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    public TerminalException() : this("terminal reconcile error") { }

    public TerminalException(string message) : this(message, null) { }
}

/// <summary>
/// Knows the runtime's own signals: <see cref="TerminalException"/> and a Kubernetes 429.
/// Compose it with knowledge of other layers (AWS throttling) through <see cref="With"/>.
/// </summary>
public sealed class DefaultErrorClassifier : IErrorClassifier
{
    public static DefaultErrorClassifier Instance { get; } = new();

    public ErrorClass Classify(Exception exception) => exception switch
    {
        TerminalException => ErrorClass.Terminal,
        HttpOperationException { Response.StatusCode: HttpStatusCode.TooManyRequests } => ErrorClass.Throttled,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0]),
        _ => ErrorClass.Transient,
    };

    /// <summary>
    /// A classifier that asks <paramref name="first"/> and falls back to this one when it
    /// answers null.
    /// </summary>
    public static IErrorClassifier With(Func<Exception, ErrorClass?> first, Func<Exception, bool>? expected = null) =>
        new Composed(first, expected ?? (_ => false));

    /// <summary>Kubernetes throttling is expected; everything else the runtime cannot judge.</summary>
    public bool IsExpected(Exception exception) => Classify(exception) == ErrorClass.Throttled;

    private sealed class Composed(Func<Exception, ErrorClass?> first, Func<Exception, bool> expected) : IErrorClassifier
    {
        public ErrorClass Classify(Exception exception) => first(exception) ?? Instance.Classify(exception);

        public bool IsExpected(Exception exception) => expected(exception) || Instance.IsExpected(exception);
    }
}
