using Microsoft.Extensions.Time.Testing;

namespace Gureum.Aws.Tests;

internal static class FakeTime
{
    /// <summary>Advances fake time in small steps until the task finishes (bounded by a step count, not wall time).</summary>
    public static async Task<T> RunAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan? step = null, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            time.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
        return await task;
    }

    public static async Task RunAsync(this FakeTimeProvider time, Task task, TimeSpan? step = null, int maxSteps = 10_000) =>
        await time.RunAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step, maxSteps);

    /// <summary>Polls until the condition holds, failing after a generous real-time deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(5);
        }
    }
}
