using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>20 % of the endpoints answer 500 for a while, then recover. Every delivery must still arrive, retries
/// must follow the akuiteo-test preset (3 s between attempts, at most 8), duplicates are counted.</summary>
public static class FaultsScenario
{
    private const int Subscriptions = 10;
    private const int MaxAttempts = 8;
    private static readonly TimeSpan ScheduledGap = TimeSpan.FromSeconds(3);

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("faults", $"20 % of endpoints fail {options.FaultSeconds} s, akuiteo-test retries");
        var endpoints = await context.SubscribeAsync("faults", EventTypes.Faults, Subscriptions, "akuiteo-test", MaxAttempts);
        var failing = endpoints.Take(Subscriptions / 5).ToList();
        var recording = context.Farm.Reset();
        context.Farm.FailEndpoints(failing,
            Stopwatch.GetTimestamp() + (long)(options.FaultSeconds * (double)Stopwatch.Frequency));

        var publish = await context.PublishAsync(EventTypes.Faults, options.FaultEvents);
        var expected = publish.Published.Count * Subscriptions;
        await recording.WaitForDeliveredAsync(expected, context.Timeout);
        var seconds = Stopwatch.GetElapsedTime(publish.StartedAt, Math.Max(recording.LastOkAt, publish.EndedAt)).TotalSeconds;

        // Gaps between consecutive attempts of one delivery, as the receiver saw them.
        var gaps = recording.Receipts
            .GroupBy(r => r.WebhookId)
            .Where(g => g.Count() > 1)
            .SelectMany(g =>
            {
                var times = g.OrderBy(r => r.At).Select(r => r.At).ToList();
                return times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalSeconds);
            })
            .Order().ToList();
        var failedAttempts = recording.Receipts.Count(r => !r.Ok);
        var early = gaps.Count(g => g < ScheduledGap.TotalSeconds - 0.05);

        result.Expected = (long)options.FaultEvents * Subscriptions;
        result.Count = recording.Requests;
        result.Delivered = recording.Delivered;
        result.Lost = result.Expected - recording.Delivered;
        result.Duplicates = recording.Duplicates;
        result.Seconds = seconds;
        result.RatePerSecond = recording.Delivered / seconds;
        result.Details["failingEndpoints"] = failing.Count;
        result.Details["failedAttempts"] = failedAttempts;
        result.Details["retriedDeliveries"] = recording.Receipts.Where(r => !r.Ok).Select(r => r.WebhookId).Distinct().Count();
        result.Details["maxAttemptSeen"] = recording.Receipts.Count == 0 ? 0 : recording.Receipts.Max(r => r.Attempt);
        result.Details["retryGapScheduledSeconds"] = ScheduledGap.TotalSeconds;
        result.Details["retryGapMinSeconds"] = gaps.Count > 0 ? Math.Round(gaps[0], 3) : 0;
        result.Details["retryGapMedianSeconds"] = Math.Round(Report.Percentile(gaps, 50), 3);
        result.Details["retryGapP95Seconds"] = Math.Round(Report.Percentile(gaps, 95), 3);
        result.Details["retryGapMaxSeconds"] = gaps.Count > 0 ? Math.Round(gaps[^1], 3) : 0;
        result.Details["earlyRetries"] = early;
        result.Completed = result.Lost == 0 && publish.Failures == 0 && early == 0 && failedAttempts > 0;
        return result;
    }
}
