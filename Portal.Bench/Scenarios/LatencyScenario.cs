using System.Collections.Concurrent;
using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>A steady R events/s for T s to one subscription; publish→receive latency per event, from the instant the
/// publish request is sent to the receiver's timestamp (one clock: the receivers run in this process).</summary>
public static class LatencyScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("latency", $"publish→receive at {options.LatencyRate} ev/s");
        await context.SubscribeAsync("latency", EventTypes.Latency, 1);
        var recording = context.Farm.Reset();
        var total = options.LatencyRate * options.LatencySeconds;
        var (published, failures, publishSeconds) = await PublishPacedAsync(context, EventTypes.Latency);
        await recording.WaitForDeliveredAsync(published.Count, context.Timeout);

        var firstReceipt = recording.Receipts.Where(r => r.Ok)
            .GroupBy(r => r.EventId)
            .ToDictionary(g => g.Key, g => g.Min(r => r.At));
        var latencies = published
            .Where(p => firstReceipt.ContainsKey(p.Key))
            .Select(p => Stopwatch.GetElapsedTime(p.Value, firstReceipt[p.Key]).TotalMilliseconds)
            .Order().ToList();
        result.Expected = total;
        result.Count = latencies.Count;
        result.Delivered = recording.Delivered;
        result.Lost = published.Count - recording.Delivered;
        result.Duplicates = recording.Duplicates;
        result.Seconds = publishSeconds;
        result.RatePerSecond = published.Count / publishSeconds;
        result.P50Ms = Report.Percentile(latencies, 50);
        result.P95Ms = Report.Percentile(latencies, 95);
        result.P99Ms = Report.Percentile(latencies, 99);
        result.Details["maxMs"] = latencies.Count > 0 ? latencies[^1] : 0;
        result.Details["publishFailures"] = failures;
        result.Completed = failures == 0 && result.Lost == 0 && latencies.Count == published.Count;
        return result;
    }

    /// <summary>Publishes the scenario's R events/s for T s, each from its own task at its due time (so a slow answer
    /// does not delay the next); returns when each was sent, by event id.</summary>
    public static async Task<(ConcurrentDictionary<Guid, long> Published, int Failures, double Seconds)> PublishPacedAsync(
        BenchContext context, string eventType)
    {
        var options = context.Options;
        var total = options.LatencyRate * options.LatencySeconds;
        var published = new ConcurrentDictionary<Guid, long>();
        var failures = 0;
        using var inFlight = new SemaphoreSlim(256);
        var tasks = new List<Task>(total);
        var started = Stopwatch.GetTimestamp();
        for (var k = 0; k < total; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / options.LatencyRate);
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            if (Stopwatch.GetElapsedTime(started) > context.Timeout)
                break;
            await inFlight.WaitAsync();
            var api = context.Apis[k % context.Apis.Count];
            var sequence = k;
            tasks.Add(Task.Run(async () =>
            {
                var at = Stopwatch.GetTimestamp();
                try
                {
                    var (id, _) = await api.PublishAsync(eventType, sequence);
                    published[id] = at;
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        return (published, failures, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
