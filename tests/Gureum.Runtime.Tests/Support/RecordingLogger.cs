using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gureum.Runtime.Tests.Support;

public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

/// <summary>Keeps what was logged, to check how an outcome is reported (level, one line, stack trace or not).</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
}
