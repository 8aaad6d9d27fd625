using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>Healthy endpoints get R events/s for T s twice: once alone (quiet), then beside two noisy endpoints of
/// the same tenant that get the same events — one answers after 3 s and starts with a backlog, the other never
/// answers (each attempt times out) and has the same backlog. Reports the healthy endpoints' publish→receive
/// latency and throughput beside the noisy endpoints, against the quiet phase: a fair engine keeps them equal.</summary>
public static class NoisyNeighbourScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("noisy-neighbour", $"healthy publish→receive at {options.NoisyRate} ev/s beside slow + dead");
        await context.Apis[0].CreateEventTypeAsync(EventTypes.Healthy);
        await context.Apis[0].CreateEventTypeAsync(EventTypes.Backlog);
        var healthy = await context.SubscribeAsync("healthy", EventTypes.Healthy, options.NoisyHealthy);

        var quiet = await SteadyLoad.RunAsync(context, EventTypes.Healthy, options.NoisyRate, options.NoisySeconds, healthy);
        context.Say($"noisy-neighbour: quiet {quiet.Delivered}/{quiet.Expected} healthy deliveries, " +
                    $"p50 {quiet.P(50):F1} ms, p99 {quiet.P(99):F1} ms, {quiet.RatePerSecond:F0}/s");

        var slow = (await context.SubscribeAsync("slow", EventTypes.Backlog, 1, moreEventTypes: [EventTypes.Healthy]))[0];
        var dead = (await context.SubscribeAsync("dead", EventTypes.Backlog, 1, moreEventTypes: [EventTypes.Healthy]))[0];
        context.Farm.DelayEndpoint(slow, options.NoisySlowMs);
        context.Farm.DelayEndpoint(dead, Timeout.Infinite);
        try
        {
            var backlogStarted = Stopwatch.GetTimestamp();
            for (var first = 0; first < options.NoisyBacklog; first += 500)
                await context.Apis[0].PublishBatchAsync(EventTypes.Backlog, first, Math.Min(500, options.NoisyBacklog - first));
            context.Say($"noisy-neighbour: backlog of {options.NoisyBacklog} for each noisy endpoint published in " +
                        $"{Stopwatch.GetElapsedTime(backlogStarted).TotalSeconds:F1} s");
            await Task.Delay(TimeSpan.FromSeconds(1)); // the noisy endpoints hold their slots before the load starts

            var noisy = await SteadyLoad.RunAsync(context, EventTypes.Healthy, options.NoisyRate, options.NoisySeconds, healthy);
            var noisyReceipts = context.Farm.Current.Receipts.Count(r => r.Endpoint == slow && r.Ok);

            result.Expected = noisy.Expected;
            result.Delivered = noisy.Delivered;
            result.Lost = noisy.Expected - noisy.Delivered;
            result.Count = noisy.Delivered;
            result.Seconds = noisy.Seconds;
            result.RatePerSecond = noisy.RatePerSecond;
            result.P50Ms = noisy.P(50);
            result.P95Ms = noisy.P(95);
            result.P99Ms = noisy.P(99);
            result.Details["maxMs"] = noisy.LatenciesMs.Count > 0 ? noisy.LatenciesMs[^1] : 0;
            result.Details["healthyEndpoints"] = healthy.Count;
            result.Details["quietP50Ms"] = Math.Round(quiet.P(50), 1);
            result.Details["quietP99Ms"] = Math.Round(quiet.P(99), 1);
            result.Details["quietRatePerSecond"] = Math.Round(quiet.RatePerSecond, 0);
            result.Details["throughputVsQuiet"] = quiet.RatePerSecond > 0 ? Math.Round(noisy.RatePerSecond / quiet.RatePerSecond, 3) : 0;
            result.Details["slowEndpointAnswered"] = noisyReceipts;
            result.Details["publishFailures"] = quiet.Failures + noisy.Failures;
            result.Completed = quiet.Failures + noisy.Failures == 0 && quiet.Delivered == quiet.Expected && noisy.Delivered == noisy.Expected;
        }
        finally
        {
            // The noisy pair would keep slots (and retries) busy in the scenarios after this one.
            foreach (var endpoint in new[] { slow, dead })
                await context.Apis[0].DeleteSubscriptionAsync(context.SubscriptionIds[endpoint]);
            context.Farm.DelayEndpoint(slow, 0);
            context.Farm.DelayEndpoint(dead, 0);
        }

        return result;
    }
}
