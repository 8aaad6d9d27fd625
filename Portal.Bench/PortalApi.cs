using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Portal.Bench;

public sealed record SubscriptionSpec(string Name, string Url, string EventType, string? RetryPreset = null, int? MaxAttempts = null)
{
    /// <summary>Further event types beside <see cref="EventType"/>.</summary>
    public IReadOnlyList<string> MoreEventTypes { get; init; } = [];

    /// <summary>False creates the subscription paused: its deliveries wait in its queue.</summary>
    public bool Active { get; init; } = true;

    /// <summary>The subscription's limits (null: the portal's defaults).</summary>
    public int? MaxInFlight { get; init; }
    public int? RateLimitPerSecond { get; init; }

    /// <summary>The body format (null: standard) and, for <c>custom</c>, a JavaScript transformation.</summary>
    public string? PayloadFormat { get; init; }
    public string? Transformation { get; init; }
}

/// <summary>The public REST API (/api/v1) with the demo tenant's API key: what a platform backend does.</summary>
public sealed class PortalApi : IDisposable
{
    public const string DemoApiKey = "pk_demo_acme_0123456789abcdef";
    public const string PlatformApiKey = "pk_platform_demo_0123456789abcdef";
    private readonly HttpClient _http;

    public PortalApi(Uri baseAddress, int maxConnections = 256)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseCookies = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.Add("X-API-Key", DemoApiKey);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public async Task<Guid> CreateSubscriptionAsync(SubscriptionSpec spec)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = spec.Name,
            ["url"] = spec.Url,
            ["eventTypes"] = new[] { spec.EventType }.Concat(spec.MoreEventTypes).ToArray(),
            ["timeoutMs"] = 5000,
            ["active"] = spec.Active,
        };
        if (spec.MaxInFlight is { } maxInFlight)
            body["maxInFlight"] = maxInFlight;
        if (spec.RateLimitPerSecond is { } rate)
            body["rateLimitPerSecond"] = rate;
        if (spec.PayloadFormat is not null)
            body["payloadFormat"] = spec.PayloadFormat;
        if (spec.Transformation is not null)
            body["transformation"] = spec.Transformation;
        if (spec.RetryPreset is not null)
            body["retry"] = new { preset = spec.RetryPreset, maxAttempts = spec.MaxAttempts };
        using var response = await _http.PostAsJsonAsync(new Uri("api/v1/subscriptions", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating subscription {spec.Name} answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Adds an event type to the catalogue with the platform's credential (the bench's own types keep its
    /// scenarios' fan-outs apart from the seeded ones).</summary>
    public async Task CreateEventTypeAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/event-types", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                name,
                category = "Bench",
                description = "Created by Portal.Bench.",
                sample = new { seq = 0 },
            }),
        };
        request.Headers.Add("X-API-Key", PlatformApiKey); // a request's own header wins over the client's default
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
            throw new InvalidOperationException($"Creating event type {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DeleteSubscriptionAsync(Guid id)
    {
        using var response = await _http.DeleteAsync(new Uri($"api/v1/subscriptions/{id}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Deleting subscription {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Publishes events <paramref name="first"/>… in one batch request; returns how many were accepted.</summary>
    public async Task<int> PublishBatchAsync(string eventType, long first, int count, CancellationToken cancellationToken = default)
    {
        var body = new StringBuilder("{\"events\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                body.Append(',');
            body.Append(Encoding.UTF8.GetString(EventBody(eventType, first + i)));
        }

        body.Append("]}");
        using var content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("api/v1/events/batch", UriKind.Relative), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Batch publishing answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        return count;
    }

    /// <summary>Publishes one event; returns its id and how many deliveries it fanned out to.</summary>
    public async Task<(Guid EventId, int Deliveries)> PublishAsync(string eventType, long sequence, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(EventBody(eventType, sequence));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(new Uri("api/v1/events", UriKind.Relative), content, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"Publishing answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        using var document = JsonDocument.Parse(bytes);
        return (document.RootElement.GetProperty("id").GetGuid(), document.RootElement.GetProperty("deliveries").GetInt32());
    }

    /// <summary>A realistic small payload (~200 bytes of data, like the catalogue's samples).</summary>
    public static byte[] EventBody(string eventType, long sequence) => Encoding.UTF8.GetBytes(
        $$$"""{"eventType":"{{{eventType}}}","data":{"object":"invoice","seq":{{{sequence}}},"invoiceId":"INV-{{{sequence:D8}}}","status":"APPROVED","amount":{"value":"1234.50","currency":"EUR"},"customer":{"id":"CUST-00042","name":"Acme Trading SARL"},"occurredAt":"2026-11-22T21:00:00Z"}}""");

    /// <summary>Latency of one call, in Stopwatch ticks, with the call's outcome.</summary>
    public static async Task<(long Ticks, bool Ok)> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await call();
            return (Stopwatch.GetTimestamp() - started, true);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            return (Stopwatch.GetTimestamp() - started, false);
        }
    }

    public void Dispose() => _http.Dispose();
}
