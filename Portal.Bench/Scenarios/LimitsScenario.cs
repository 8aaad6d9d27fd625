using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>Per-subscription limits, measured at the receiver: one subscription capped at N requests in flight (its
/// endpoint answers after 50 ms, so it would take far more), one paced at R requests per second; E events go to both.
/// With several hosts each takes its share (⌊N / hosts⌋ in flight, R / hosts per second), so the receiver sees the sum.
/// Reports the most requests the capped endpoint had open at once and the paced endpoint's rate after the token
/// bucket's first second (which may hold one second's share).</summary>
public static class LimitsScenario
{
    private const int CappedAnswerMs = 50;

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("limits",
            $"≤ {options.LimitsInFlight} in flight, ≤ {options.LimitsRate}/s, over {context.Hosts.Count} host(s)");
        await context.Apis[0].CreateEventTypeAsync(EventTypes.Limits);
        var capped = (await context.SubscribeAsync("capped", EventTypes.Limits, 1, maxInFlight: options.LimitsInFlight))[0];
        var paced = (await context.SubscribeAsync("paced", EventTypes.Limits, 1, rateLimitPerSecond: options.LimitsRate))[0];
        context.Farm.DelayEndpoint(capped, CappedAnswerMs);
        try
        {
            var recording = context.Farm.Reset([capped, paced]);
            var started = Stopwatch.GetTimestamp();
            for (var first = 0; first < options.LimitsEvents; first += 500)
                await context.Apis[0].PublishBatchAsync(EventTypes.Limits, first, Math.Min(500, options.LimitsEvents - first));
            var expected = 2 * options.LimitsEvents;
            // Only these two endpoints count: a late answer of an earlier scenario's slow endpoint lands here too.
            int Delivered() => recording.Receipts.Where(r => r.Ok && (r.Endpoint == capped || r.Endpoint == paced))
                .Select(r => r.WebhookId).Distinct().Count();
            // The paced endpoint needs E / R seconds; the scenario timeout bounds the wait beyond that.
            var wait = Stopwatch.StartNew();
            var longest = TimeSpan.FromSeconds((double)options.LimitsEvents / options.LimitsRate) + context.Timeout;
            while (Delivered() < expected && wait.Elapsed < longest)
                await Task.Delay(50);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var delivered = Delivered();

            var pacedTimes = recording.Receipts.Where(r => r.Endpoint == paced && r.Ok).Select(r => r.At).Order().ToList();
            var steadyRate = SteadyRate(pacedTimes);
            var mostOpen = context.Farm.MaxConcurrency(capped);
            result.Expected = expected;
            result.Delivered = delivered;
            result.Lost = expected - delivered;
            result.Count = delivered;
            result.Seconds = seconds;
            result.RatePerSecond = delivered / seconds;
            result.Details["hosts"] = context.Hosts.Count;
            result.Details["maxInFlight"] = options.LimitsInFlight;
            result.Details["cappedMostOpenAtOnce"] = mostOpen;
            result.Details["cappedRatePerSecond"] = Math.Round(Rate(recording.Receipts.Where(r => r.Endpoint == capped && r.Ok)
                .Select(r => r.At).Order().ToList()), 1);
            result.Details["rateLimitPerSecond"] = options.LimitsRate;
            result.Details["pacedRatePerSecond"] = Math.Round(steadyRate, 1);
            result.Details["pacedFirstSecond"] = pacedTimes.Count(t => pacedTimes.Count > 0 && Seconds(pacedTimes[0], t) < 1);
            context.Say($"limits: capped endpoint at most {mostOpen} open (limit {options.LimitsInFlight}); paced endpoint " +
                        $"{steadyRate:F1}/s after its first second (limit {options.LimitsRate}/s)");
            // Within 10 % of the rate (timer granularity and the hosts' separate buckets), never over the in-flight cap.
            // The rate is judged over at least three seconds' worth of requests after the first second: over fewer
            // (the smoke run's), one claim's bunching moves the quotient more than the 10 %.
            var judged = pacedTimes.Count(t => Seconds(pacedTimes[0], t) >= 1) >= 3 * options.LimitsRate;
            result.Details["rateJudged"] = judged;
            result.Completed = result.Lost == 0 && mostOpen <= options.LimitsInFlight
                               && (!judged || steadyRate <= options.LimitsRate * 1.1);
        }
        finally
        {
            context.Farm.DelayEndpoint(capped, 0);
            await context.Apis[0].DeleteSubscriptionAsync(context.SubscriptionIds[capped]);
            await context.Apis[0].DeleteSubscriptionAsync(context.SubscriptionIds[paced]);
        }

        return result;
    }

    /// <summary>Requests per second after the first second (the bucket may start full).</summary>
    private static double SteadyRate(List<long> times)
    {
        if (times.Count < 2)
            return 0;
        var after = times.Where(t => Seconds(times[0], t) >= 1).ToList();
        return Rate(after);
    }

    private static double Rate(List<long> times) =>
        times.Count < 2 ? 0 : (times.Count - 1) / Seconds(times[0], times[^1]);

    private static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;
}
