using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Dispatch;

/// <summary>One delivery's trace, from the backend's request to the receiver: the publish spans under the API
/// request, the attempt (claim → send → record) under the publication, and the receiver's traceparent in it.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class DeliveryTracingTests(SqliteHost fixture)
{
    [Fact]
    public async Task A_delivery_continues_the_publishers_trace_down_to_the_receiver()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var backend = new ActivitySource("Backend.Tests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var tenant = await fixture.Factory.CreateApiTenantAsync("Tracing");
        await using var receiver = await WebhookReceiver.StartAsync();
        await tenant.Client.CreateSubscriptionAsync(receiver.Url("/traced"), "invoice.status");

        ActivityTraceId traceId;
        using (var request = backend.StartActivity("backend request", ActivityKind.Client)!)
        {
            traceId = request.TraceId;
            using var publish = new HttpRequestMessage(HttpMethod.Post, ApiTestHelpers.Api("events"))
            {
                Content = JsonContent.Create(new { eventType = "invoice.status", data = new { invoiceId = "INV-T" } }),
            };
            publish.Headers.Add("traceparent", request.Id);
            using var response = await tenant.Client.SendAsync(publish);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var received = Assert.Single(await receiver.WaitForAsync(1));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Trace(spans, traceId).Any(s => s.DisplayName == "record") && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        var trace = Trace(spans, traceId);
        Activity One(string name) => Assert.Single(trace, s => s.DisplayName == name);
        var root = One("backend request");
        // Two server spans: Portal's API request under the backend's, and the receiver's (also ASP.NET Core) at the end.
        var api = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s.ParentSpanId == root.SpanId);
        var publishSpan = One("publish invoice.status");
        var deliver = One("deliver invoice.status");
        var send = One("send");
        Assert.Equal(api.SpanId, publishSpan.ParentSpanId);
        Assert.Equal(publishSpan.SpanId, One("fan-out").ParentSpanId);
        Assert.Equal(publishSpan.SpanId, One("event stored").ParentSpanId);
        Assert.Equal(publishSpan.SpanId, deliver.ParentSpanId);
        Assert.Equal(deliver.SpanId, One("claim").ParentSpanId);
        Assert.Equal(deliver.SpanId, send.ParentSpanId);
        Assert.Equal(deliver.SpanId, One("record").ParentSpanId);
        Assert.True(One("claim").StartTimeUtc <= send.StartTimeUtc);
        Assert.Equal(ActivityStatusCode.Ok, send.Status);

        // The receiver continues the same trace, under the attempt's HTTP call.
        var parts = received.Header("traceparent").Split('-');
        Assert.Equal(traceId.ToHexString(), parts[1]);
        var caller = Assert.Single(trace, s => s.SpanId.ToHexString() == parts[2]);
        Assert.True(caller == send || caller.ParentSpanId == send.SpanId, $"traceparent names {caller.DisplayName}");
        var receiverSpan = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s != api);
        Assert.Equal(caller.SpanId, receiverSpan.ParentSpanId);
    }

    private static List<Activity> Trace(ConcurrentQueue<Activity> spans, ActivityTraceId traceId) =>
        spans.Where(s => s.TraceId == traceId).ToList();
}
