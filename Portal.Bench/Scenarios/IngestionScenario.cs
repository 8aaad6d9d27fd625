using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>POST /api/v1/events at a fixed concurrency, for an event type nobody subscribes to: the API, validation
/// and the event's write, without the dispatcher competing.</summary>
public static class IngestionScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("ingestion", $"POST /api/v1/events, {options.IngestionConcurrency} concurrent");
        var limit = TimeSpan.FromSeconds(options.IngestionSeconds);
        var next = -1;
        var failures = 0;
        var latencies = new List<double>[options.IngestionConcurrency];
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.IngestionConcurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            var api = context.Apis[worker % context.Apis.Count];
            int sequence;
            while ((sequence = Interlocked.Increment(ref next)) < options.IngestionRequests && started.Elapsed < limit)
            {
                var (ticks, ok) = await PortalApi.TimeAsync(() => api.PublishAsync(EventTypes.Ingestion, sequence));
                if (ok)
                    mine.Add(Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds);
                else
                    Interlocked.Increment(ref failures);
            }
        });
        await Task.WhenAll(workers);
        var seconds = started.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();

        result.Count = all.Count;
        result.Seconds = seconds;
        result.RatePerSecond = all.Count / seconds;
        result.P50Ms = Report.Percentile(all, 50);
        result.P95Ms = Report.Percentile(all, 95);
        result.P99Ms = Report.Percentile(all, 99);
        result.Details["failures"] = failures;
        result.Completed = failures == 0 && all.Count > 0;
        return result;
    }
}
