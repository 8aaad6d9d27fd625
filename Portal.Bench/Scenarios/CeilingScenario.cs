using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Portal.Bench.Scenarios;

/// <summary>The physical limit of this machine for the same work minus persistence: raw HttpClient POSTs of
/// delivery-shaped bodies (same size, same headers) to the throughput scenario's endpoints, with the portal's
/// concurrency (Delivery:MaxConcurrency) and connection limit per receiver (2 × MaxConcurrencyPerSubscription).</summary>
public static class CeilingScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("ceiling", "raw POSTs/s, no persistence");
        var endpoints = await context.ThroughputEndpointsAsync();
        var urls = endpoints.Select(e => new Uri(context.Farm.EndpointUrl(e))).ToArray();
        var recording = context.Farm.Reset();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 16,
            UseCookies = false,
            AllowAutoRedirect = false,
        });
        var limit = TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, options.Smoke ? 10 : 20));
        var next = -1;
        var failures = 0;
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.CeilingRequests && started.Elapsed < limit)
            {
                if (!await SendAsync(http, urls[i % urls.Length], i))
                    Interlocked.Increment(ref failures);
            }
        });
        await Task.WhenAll(workers);
        var elapsed = started.Elapsed.TotalSeconds;

        result.Count = recording.Delivered;
        result.Seconds = elapsed;
        result.RatePerSecond = recording.Delivered / elapsed;
        result.Completed = failures == 0 && recording.Delivered > 0;
        result.Details["failures"] = failures;
        result.Details["concurrency"] = options.Concurrency;
        return result;
    }

    /// <summary>One delivery-shaped POST, its answer read to the end; false when the connection failed.</summary>
    internal static async Task<bool> SendAsync(HttpClient http, Uri url, int sequence)
    {
        using var request = DeliveryShapedRequest(url, sequence);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsByteArrayAsync();
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>What the dispatcher sends: the Standard Webhooks envelope and headers, a signature-sized header.</summary>
    private static HttpRequestMessage DeliveryShapedRequest(Uri url, int sequence)
    {
        var id = Guid.CreateVersion7();
        var webhookId = $"msg_{Guid.CreateVersion7():N}";
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"{{{id}}}","type":"invoice.status","timestamp":"{{{DateTimeOffset.UtcNow:O}}}","tenantId":"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","data":{"object":"invoice","seq":{{{sequence}}},"invoiceId":"INV-{{{sequence:D8}}}","status":"APPROVED","amount":{"value":"1234.50","currency":"EUR"},"customer":{"id":"CUST-00042","name":"Acme Trading SARL"},"occurredAt":"2026-11-22T21:00:00Z"}}"""));
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var headers = request.Headers;
        headers.TryAddWithoutValidation("User-Agent", "Portal-Webhooks/1.0.0");
        headers.TryAddWithoutValidation("webhook-id", webhookId);
        headers.TryAddWithoutValidation("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        headers.TryAddWithoutValidation("X-JobId", webhookId);
        headers.TryAddWithoutValidation("X-JobAttempt", "0");
        return request;
    }
}
