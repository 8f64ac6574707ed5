using System.Collections.Concurrent;
using System.Diagnostics;
using Gureum.Aws.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Gureum.Aws.Pipeline;

/// <summary>The one path every AWS request takes: retry (outside) around, per attempt, the service's
/// token bucket, the request itself, a metric and count per attempt. One Activity spans the call.</summary>
public sealed class AwsCallPipeline : IDisposable
{
    private readonly AwsRateLimits _limits;
    private readonly AwsRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _resilience;
    private readonly ConcurrentDictionary<string, ServiceBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Service, string Operation), Tally> _counts = new();

    public AwsCallPipeline(AwsRateLimits limits, AwsRetryOptions retry, TimeProvider time, ILogger? logger = null)
    {
        _limits = limits;
        _retry = retry;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        if (retry.MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(retry), "MaxAttempts must be at least 1.");

        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && IsRetryable(e, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    _logger.LogDebug("Retrying AWS call (attempt {Attempt}) in {Delay} after {Error}",
                        args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name);
                    return ValueTask.CompletedTask;
                },
            });
        }
        _resilience = builder.Build();
    }

    public async Task<T> ExecuteAsync<T>(AwsCall call, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        using var activity = AwsTelemetry.ActivitySource.StartActivity($"{call.Service.Name}.{call.Operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", call.Service.Name);
        activity?.SetTag("rpc.method", call.Operation);
        activity?.SetTag("cloud.region", call.Region);

        var bucket = BucketFor(call);
        try
        {
            var result = await _resilience.ExecuteAsync(
                async token => await AttemptAsync(call, bucket, send, activity, token),
                cancellationToken);
            activity?.SetStatus(ActivityStatusCode.Ok);
            return result;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e is AwsException aws ? aws.Code : e.GetType().Name);
            throw;
        }
    }

    public Task<T> ExecuteAsync<T>(AwsOperation operation, string region, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken) =>
        ExecuteAsync(AwsCall.For(operation, region), send, cancellationToken);

    public Task ExecuteAsync(AwsCall call, Func<CancellationToken, Task> send, CancellationToken cancellationToken) =>
        ExecuteAsync(call, async token => { await send(token); return true; }, cancellationToken);

    /// <summary>Requests sent so far per service and operation (each retry attempt counts).</summary>
    public IReadOnlyList<AwsCallCount> Snapshot() =>
        _counts.Select(kv => new AwsCallCount(kv.Key.Service, kv.Key.Operation, kv.Value.Attempts, kv.Value.Failures))
            .OrderBy(c => c.Service, StringComparer.Ordinal).ThenBy(c => c.Operation, StringComparer.Ordinal)
            .ToList();

    /// <summary>Requests sent so far to one service (all operations, or one).</summary>
    public long Attempts(AwsService service, string? operation = null) =>
        _counts.Where(kv => kv.Key.Service == service.Name && (operation is null || kv.Key.Operation == operation))
            .Sum(kv => kv.Value.Attempts);

    internal TimeSpan ThrottleCooldown(AwsService service, string region, bool mutating = false) =>
        BucketFor(new AwsCall(service, region, "", mutating)).CurrentCooldown;

    private async Task<T> AttemptAsync<T>(AwsCall call, ServiceBucket bucket, Func<CancellationToken, Task<T>> send, Activity? activity, CancellationToken token)
    {
        await bucket.AcquireAsync(token);
        var started = _time.GetTimestamp();
        var tally = _counts.GetOrAdd((call.Service.Name, call.Operation), static _ => new Tally());
        Interlocked.Increment(ref tally.Attempts);
        try
        {
            var result = await send(token);
            bucket.OnSuccess();
            Record(call, AwsTelemetry.SuccessOutcome, started);
            return result;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref tally.Failures);
            var outcome = Outcome(e);
            Record(call, outcome, started);
            activity?.AddEvent(new ActivityEvent("attempt failed", tags: new ActivityTagsCollection { [AwsTelemetry.OutcomeTag] = outcome }));
            if (e is AwsException { Kind: AwsErrorKind.Throttled, IsQuota: false })
            {
                bucket.OnThrottled();
                _logger.LogInformation("AWS throttled {Service} {Operation}; slowing {Service} down for {Cooldown}",
                    call.Service.Name, call.Operation, call.Service.Name, bucket.CurrentCooldown);
            }
            throw;
        }
    }

    private void Record(AwsCall call, string outcome, long started)
    {
        var tags = new TagList
        {
            { AwsTelemetry.ServiceTag, call.Service.Name },
            { AwsTelemetry.OperationTag, call.Operation },
            { AwsTelemetry.OutcomeTag, outcome },
        };
        AwsTelemetry.Calls.Add(1, tags);
        AwsTelemetry.Duration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
    }

    private static string Outcome(Exception e) => e switch
    {
        AwsException aws => aws.Kind.ToString().ToLowerInvariant(),
        OperationCanceledException => AwsTelemetry.CanceledOutcome,
        _ => AwsTelemetry.NetworkOutcome,
    };

    internal static bool IsRetryable(Exception e, CancellationToken callerToken) => e switch
    {
        // LimitExceeded is an account quota (IAM's 10 managed policies, one role per profile, too many
        // concurrent requests): it clears over minutes, not within this call's backoff, so the caller
        // retries later (its kind is Throttled) instead of the pipeline hammering now.
        AwsException { IsQuota: true } => false,
        AwsException aws => aws.IsRetryable,
        HttpRequestException or IOException => true,
        // HttpClient's own timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !callerToken.IsCancellationRequested && e.InnerException is TimeoutException,
        _ => false,
    };

    private ServiceBucket BucketFor(AwsCall call)
    {
        var (limit, bucket) = _limits.For(call.Service, call.Mutating);
        return _buckets.GetOrAdd($"{call.Service.Name}/{call.Region}/{bucket}", _ => new ServiceBucket(limit, _retry, _time));
    }

    // Buckets hold no timers (waiters use TimeProvider delays that end or are cancelled), so there is
    // nothing to release beyond forgetting them.
    public void Dispose() => _buckets.Clear();

    private sealed class Tally
    {
        public long Attempts;
        public long Failures;
    }
}
