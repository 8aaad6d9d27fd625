using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>A paused subscription with N deliveries waiting in its queue while the throughput load (same events,
/// same subscriptions) runs; compared with the throughput scenario of the same run: a paused backlog must cost the
/// claim nothing. The paused endpoint must receive nothing.</summary>
public static class PausedBacklogScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("paused-backlog", $"throughput beside {options.PausedBacklog:N0} paused deliveries");
        await context.Apis[0].CreateEventTypeAsync(EventTypes.Paused);
        var paused = (await context.SubscribeAsync("paused", EventTypes.Paused, 1, active: false))[0];
        var backlogStarted = Stopwatch.GetTimestamp();
        var next = -500;
        var publishers = Enumerable.Range(0, 4).Select(async _ =>
        {
            int first;
            while ((first = Interlocked.Add(ref next, 500)) < options.PausedBacklog
                   && Stopwatch.GetElapsedTime(backlogStarted) < 2 * context.Timeout)
                await context.Apis[0].PublishBatchAsync(EventTypes.Paused, first, Math.Min(500, options.PausedBacklog - first));
        });
        await Task.WhenAll(publishers);
        var backlogSeconds = Stopwatch.GetElapsedTime(backlogStarted).TotalSeconds;
        context.Say($"paused-backlog: {options.PausedBacklog:N0} deliveries queued for the paused subscription in {backlogSeconds:F1} s");

        var load = await ThroughputScenario.RunAsync(context);
        var pausedReceived = context.Farm.Current.Receipts.Count(r => r.Endpoint == paused);

        result.Expected = load.Expected;
        result.Delivered = load.Delivered;
        result.Lost = load.Lost;
        result.Duplicates = load.Duplicates;
        result.Count = load.Count;
        result.Seconds = load.Seconds;
        result.RatePerSecond = load.RatePerSecond;
        result.RatioToCeiling = load.RatioToCeiling;
        result.Details["pausedBacklog"] = options.PausedBacklog;
        result.Details["backlogPublishSeconds"] = Math.Round(backlogSeconds, 1);
        result.Details["pausedEndpointReceived"] = pausedReceived;
        if (context.Results.TryGetValue("throughput", out var baseline) && baseline.RatePerSecond > 0)
        {
            result.Details["throughputRatePerSecond"] = Math.Round(baseline.RatePerSecond, 0);
            result.Details["vsThroughput"] = Math.Round(load.RatePerSecond / baseline.RatePerSecond, 3);
        }

        result.Completed = load.Completed && pausedReceived == 0;
        return result;
    }
}
