using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>E events × S subscriptions published through the API (concurrent publishers: the API has no batch
/// route); persisted deliveries per second from the first publish to the last receipt, and its ratio to the
/// ceiling. With several hosts, publishers are spread over them and receipts are attributed to the sending host.</summary>
public static class ThroughputScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var result = new ScenarioResult("throughput", "persisted deliveries/s, publish→last receipt");
        await context.ThroughputEndpointsAsync();
        var (publish, recording) = await PublishAndMeasureAsync(context, result, EventTypes.Throughput);
        result.Completed = result.Lost == 0 && publish.Failures == 0;
        result.Details["publishSeconds"] = Math.Round(publish.Seconds, 2);
        result.Details["publishRatePerSecond"] = Math.Round(publish.Published.Count / publish.Seconds, 0);
        if (context.Hosts.Count > 1)
            result.Details["perHost"] = PerHost(context, recording);
        return result;
    }

    /// <summary>Publishes the configured events of <paramref name="eventType"/>, waits for every delivery (bounded by
    /// the timeout) and fills the result's counts, time, rate and ratio to the ceiling.</summary>
    public static async Task<(PublishSummary Publish, Recording Recording)> PublishAndMeasureAsync(BenchContext context,
        ScenarioResult result, string eventType)
    {
        var options = context.Options;
        var recording = context.Farm.Reset();
        var expected = (long)options.Events * options.Subscriptions;
        var publish = await context.PublishAsync(eventType, options.Events);
        var expectedNow = (int)(publish.Published.Count * (long)options.Subscriptions);
        context.Say($"{result.Name}: published {publish.Published.Count} events in {publish.Seconds:F1} s; waiting for {expectedNow} deliveries");
        await recording.WaitForDeliveredAsync(expectedNow, context.Timeout);

        var seconds = Stopwatch.GetElapsedTime(publish.StartedAt, Math.Max(recording.LastOkAt, publish.EndedAt)).TotalSeconds;
        result.Expected = expected;
        result.Delivered = recording.Delivered;
        result.Lost = expected - recording.Delivered;
        result.Duplicates = recording.Duplicates;
        result.Count = recording.Delivered;
        result.Seconds = seconds;
        result.RatePerSecond = recording.Delivered / seconds;
        result.RatioToCeiling = context.Ceiling is { RatePerSecond: > 0 } ceiling ? result.RatePerSecond / ceiling.RatePerSecond : null;
        result.Details["publishedEvents"] = publish.Published.Count;
        result.Details["publishFailures"] = publish.Failures;
        return (publish, recording);
    }

    /// <summary>2xx receipts per sending host (by the connection's owner process), "unknown" for closed connections.</summary>
    public static Dictionary<string, int> PerHost(BenchContext context, Recording recording)
    {
        var owners = SocketOwners.PortsByHost(context.Hosts);
        return recording.Receipts.Where(r => r.Ok)
            .GroupBy(r => owners.GetValueOrDefault(r.RemotePort, "unknown"))
            .ToDictionary(g => g.Key, g => g.Count());
    }
}
