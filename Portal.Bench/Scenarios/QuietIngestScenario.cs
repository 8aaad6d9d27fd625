namespace Portal.Bench.Scenarios;

/// <summary>The latency scenario's pace (R events/s for T s) of an event type nobody subscribes to: what the API request
/// and storing the event cost at a trickle. The latency scenario's CPU per event minus this one's is what delivering it
/// (claim, send, record) costs; this one alone is a floor no delivery engine change lowers.</summary>
public static class QuietIngestScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("quiet-ingest", $"publish only (no subscriber) at {options.LatencyRate} ev/s");
        var (published, failures, seconds) = await LatencyScenario.PublishPacedAsync(context, EventTypes.Ingestion);
        var total = options.LatencyRate * options.LatencySeconds; // events, not deliveries: no Expected
        result.Count = published.Count;
        result.Seconds = seconds;
        result.RatePerSecond = published.Count / seconds;
        result.Details["publishFailures"] = failures;
        result.Completed = failures == 0 && published.Count == total;
        return result;
    }
}
