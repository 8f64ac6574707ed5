using System.Diagnostics.Metrics;
using System.Net;
using Gureum.Aws.Errors;
using Gureum.Aws.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace Gureum.Aws.Tests;

public sealed class PipelineTests : IDisposable
{
    private static readonly AwsCall Call = new(AwsService.Route53, "us-east-1", "ChangeResourceRecordSets", true);
    private readonly FakeTimeProvider _time = new();
    private readonly AwsCallPipeline _pipeline;

    public PipelineTests() =>
        _pipeline = new AwsCallPipeline(AwsRateLimits.Default, new AwsRetryOptions { MaxAttempts = 4 }, _time);

    public void Dispose() => _pipeline.Dispose();

    public static TheoryData<string> RetriedFailures => new() { "Throttling", "PriorRequestNotComplete", "InternalFailure", "http", "io" };

    [Theory]
    [MemberData(nameof(RetriedFailures))]
    public async Task Retryable_failures_are_retried_until_success(string failure)
    {
        var attempts = 0;
        var result = await _time.RunAsync(_pipeline.ExecuteAsync(Call, _ =>
        {
            attempts++;
            return attempts < 3 ? Task.FromException<string>(Failure(failure)) : Task.FromResult("done");
        }, CancellationToken.None));

        Assert.Equal(("done", 3), (result, attempts));
        Assert.Equal(3, _pipeline.Attempts(AwsService.Route53, "ChangeResourceRecordSets"));
        Assert.Equal(new AwsCallCount("route53", "ChangeResourceRecordSets", 3, 2), Assert.Single(_pipeline.Snapshot()));
    }

    [Fact]
    public async Task Retrying_stops_at_the_attempt_bound()
    {
        var attempts = 0;
        var error = await Assert.ThrowsAsync<AwsException>(() => _time.RunAsync(_pipeline.ExecuteAsync<string>(Call, _ =>
        {
            attempts++;
            throw Failure("ServiceUnavailable");
        }, CancellationToken.None)));

        Assert.Equal(("ServiceUnavailable", 4), (error.Code, attempts));
    }

    [Theory]
    [InlineData("InvalidChangeBatch")]
    [InlineData("NoSuchHostedZone")]
    [InlineData("AccessDenied")]
    [InlineData("HostedZoneAlreadyExists")]
    [InlineData("LimitExceeded")]
    public async Task Terminal_errors_are_not_retried(string code)
    {
        var attempts = 0;
        var error = await Assert.ThrowsAsync<AwsException>(() => _pipeline.ExecuteAsync<string>(Call, _ =>
        {
            attempts++;
            throw Failure(code);
        }, CancellationToken.None));

        Assert.Equal((code, 1), (error.Code, attempts));
    }

    [Fact]
    public async Task A_quota_error_is_retried_later_by_the_caller_without_slowing_the_service()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => _pipeline.ExecuteAsync<string>(Call, _ => throw Failure("LimitExceeded"), CancellationToken.None));

        Assert.Equal((AwsErrorKind.Throttled, true), (error.Kind, error.IsQuota));
        Assert.Equal(TimeSpan.Zero, _pipeline.ThrottleCooldown(AwsService.Route53, "us-east-1"));
    }

    [Fact]
    public async Task Calls_beyond_the_burst_wait_for_tokens_from_the_clock()
    {
        var limits = new AwsRateLimits { Route53 = new AwsRateLimit(RequestsPerSecond: 2, Burst: 3) };
        using var pipeline = new AwsCallPipeline(limits, AwsRetryOptions.Default, _time);
        var sent = 0;
        var calls = Enumerable.Range(0, 7)
            .Select(_ => pipeline.ExecuteAsync(Call, _ => Task.FromResult(Interlocked.Increment(ref sent)), CancellationToken.None))
            .ToList();

        // Wait for the calls to complete, not just to send: completion trails the send on another thread.
        await FakeTime.UntilAsync(() => calls.Count(c => c.IsCompleted) >= 3, "the burst");
        Assert.Equal((3, 4), (Volatile.Read(ref sent), calls.Count(c => !c.IsCompleted)));

        _time.Advance(TimeSpan.FromSeconds(1)); // two tokens
        await FakeTime.UntilAsync(() => calls.Count(c => c.IsCompleted) >= 5, "one second's tokens");
        Assert.Equal((5, 2), (Volatile.Read(ref sent), calls.Count(c => !c.IsCompleted)));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(calls);
        Assert.Equal(7, sent);
    }

    [Fact]
    public async Task The_bucket_refills_under_the_real_clock()
    {
        var limits = new AwsRateLimits { Route53 = new AwsRateLimit(RequestsPerSecond: 50, Burst: 1) };
        using var pipeline = new AwsCallPipeline(limits, AwsRetryOptions.Default, TimeProvider.System);
        var sent = 0;

        var calls = Enumerable.Range(0, 5)
            .Select(_ => pipeline.ExecuteAsync(Call, _ => Task.FromResult(Interlocked.Increment(ref sent)), CancellationToken.None));

        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2, 3, 4, 5], results.Order());
    }

    [Fact]
    public async Task Describe_and_mutate_draw_from_separate_buckets()
    {
        var limits = new AwsRateLimits { Ec2Mutate = new AwsRateLimit(1, 1), Ec2Describe = new AwsRateLimit(1, 5) };
        using var pipeline = new AwsCallPipeline(limits, AwsRetryOptions.Default, _time);
        var mutate = new AwsCall(AwsService.Ec2, "eu-west-1", "RunInstances", true);
        var describe = new AwsCall(AwsService.Ec2, "eu-west-1", "DescribeInstances", false);

        await pipeline.ExecuteAsync(mutate, _ => Task.FromResult(1), CancellationToken.None);
        var blocked = pipeline.ExecuteAsync(mutate, _ => Task.FromResult(2), CancellationToken.None);
        for (var i = 0; i < 5; i++)
            await pipeline.ExecuteAsync(describe, _ => Task.FromResult(i), CancellationToken.None);

        Assert.False(blocked.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await blocked);
    }

    [Fact]
    public async Task Throttling_slows_the_service_down_and_success_recovers_it()
    {
        var attempts = 0;
        await _time.RunAsync(_pipeline.ExecuteAsync(Call, _ =>
            ++attempts == 1 ? Task.FromException<int>(Failure("Throttling")) : Task.FromResult(1), CancellationToken.None));
        Assert.Equal(2, attempts);
        // One throttle then one success: the cooldown was set and has halved back below the minimum.
        Assert.Equal(TimeSpan.Zero, _pipeline.ThrottleCooldown(AwsService.Route53, "us-east-1"));

        var throttledTwice = 0;
        await Assert.ThrowsAsync<AwsException>(() => _time.RunAsync(_pipeline.ExecuteAsync<int>(Call, _ =>
        {
            throttledTwice++;
            throw Failure("Throttling");
        }, CancellationToken.None)));
        Assert.Equal(4, throttledTwice);
        Assert.Equal(TimeSpan.FromSeconds(4), _pipeline.ThrottleCooldown(AwsService.Route53, "us-east-1"));
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_a_token_ends_the_call()
    {
        var limits = new AwsRateLimits { Route53 = new AwsRateLimit(1, 1) };
        using var pipeline = new AwsCallPipeline(limits, AwsRetryOptions.Default, _time);
        await pipeline.ExecuteAsync(Call, _ => Task.FromResult(1), CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var sent = false;
        var waiting = pipeline.ExecuteAsync(Call, _ => { sent = true; return Task.FromResult(2); }, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(sent);
    }

    [Fact]
    public async Task Cancellation_during_the_backoff_stops_retrying()
    {
        using var cts = new CancellationTokenSource();
        var attempts = 0;
        var call = _pipeline.ExecuteAsync<int>(Call, _ =>
        {
            attempts++;
            throw Failure("Throttling");
        }, cts.Token);
        await FakeTime.UntilAsync(() => attempts == 1, "the first attempt");

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Each_attempt_is_counted_in_the_calls_metric_with_its_outcome()
    {
        var measurements = new List<(long Value, string Service, string Operation, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AwsTelemetry.MeterName && instrument.Name == AwsTelemetry.CallsCounter)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(kv => kv.Key, kv => kv.Value as string);
            if (t[AwsTelemetry.OperationTag] == "MetricProbe")
                lock (measurements) measurements.Add((value, t[AwsTelemetry.ServiceTag]!, t[AwsTelemetry.OperationTag]!, t[AwsTelemetry.OutcomeTag]!));
        });
        listener.Start();
        var attempts = 0;

        await _time.RunAsync(_pipeline.ExecuteAsync(Call with { Operation = "MetricProbe" }, _ =>
            ++attempts == 1 ? Task.FromException<int>(Failure("Throttling")) : Task.FromResult(1), CancellationToken.None));

        Assert.Equal([(1L, "route53", "MetricProbe", "throttled"), (1L, "route53", "MetricProbe", "success")], measurements);
    }

    private static Exception Failure(string code) => code switch
    {
        "http" => new HttpRequestException("connection refused"),
        "io" => new IOException("connection reset"),
        _ => AwsException.Create(code, "test", "req-1", code is "InternalFailure" or "ServiceUnavailable" ? HttpStatusCode.InternalServerError : HttpStatusCode.BadRequest),
    };
}
