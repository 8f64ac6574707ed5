namespace Gureum.Operator.Hosting;

/// <summary>
/// Something the user has to provide or fix before a command can start (credentials, a region,
/// a reachable cluster, a free state folder). The message is one line that says what is missing
/// and how to provide it; it is printed without a stack trace.
/// </summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
