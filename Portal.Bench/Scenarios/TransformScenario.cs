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

        var (publish, recording) = await ThroughputScenario.PublishAndMeasureAsync(context, result, EventTypes.Transform);
        // Every body must be the transformation's (its "id" first, so the receiver could attribute it to an event).
        var attributed = recording.Receipts.Count(r => r.Ok && publish.Published.ContainsKey(r.EventId));
        result.Details["attributedReceipts"] = attributed;
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
