using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>The throughput scenario with a custom JavaScript transformation on every subscription (an Aptic-like
/// "service definition": a body of its own, a header), reported next to the throughput scenario of the same run;
/// the target is at least 70 % of it. The receivers attribute each body to its event by the "id" the transformation
/// keeps first.</summary>
public static class TransformScenario
{
    public const double Target = 0.7;

    public const string Transformation = """
        function handler(webhook) {
          var event = webhook.payload;
          var data = event.data || {};
          var amount = data.amount || {};
          var customer = data.customer || {};
          webhook.payload = {
            id: event.id,
            event: webhook.eventType,
            invoiceGuid: data.invoiceId || null,
            number: data.seq,
            paidAmount: Number(amount.value || 0),
            currency: amount.currency || "EUR",
            customer: { reference: customer.id || null, name: (customer.name || "").toUpperCase() },
            paidAt: data.occurredAt || event.timestamp
          };
          webhook.headers["X-Service-Definition"] = "invoice-paid";
          return webhook;
        }
        """;

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("transform", "persisted deliveries/s with a JS transformation, publish→last receipt");
        if (context.TransformEndpoints is null)
        {
            await context.Apis[0].CreateEventTypeAsync(EventTypes.Transform);
            context.TransformEndpoints = await context.SubscribeAsync("transform", EventTypes.Transform, options.Subscriptions,
                payloadFormat: "custom", transformation: Transformation);
        }

        var recording = context.Farm.Reset();
        var expected = (long)options.Events * options.Subscriptions;
        var publish = await context.PublishAsync(EventTypes.Transform, options.Events);
        var expectedNow = (int)(publish.Published.Count * (long)options.Subscriptions);
        context.Say($"transform: published {publish.Published.Count} events in {publish.Seconds:F1} s; waiting for {expectedNow} deliveries");
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
        // Every body must be the transformation's (its "id" first, so the receiver could attribute it to an event).
        var attributed = recording.Receipts.Count(r => r.Ok && publish.Published.ContainsKey(r.EventId));
        result.Details["attributedReceipts"] = attributed;
        result.Details["publishedEvents"] = publish.Published.Count;
        result.Details["publishFailures"] = publish.Failures;
        if (context.Results.TryGetValue("throughput", out var baseline) && baseline.RatePerSecond > 0)
        {
            var ratio = result.RatePerSecond / baseline.RatePerSecond;
            result.Details["throughputRatePerSecond"] = Math.Round(baseline.RatePerSecond, 0);
            result.Details["vsThroughput"] = Math.Round(ratio, 3);
            result.Details["vsThroughputTarget"] = Target;
            context.Say($"transform: {result.RatePerSecond:F0}/s = {ratio:P0} of throughput's {baseline.RatePerSecond:F0}/s (target ≥ {Target:P0})");
        }

        result.Completed = result.Lost == 0 && publish.Failures == 0 && attributed >= recording.Delivered;
        return result;
    }
}
