using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Bench;

/// <summary>One request as a receiver saw it. <see cref="At"/> is a <see cref="Stopwatch"/> timestamp (same clock as
/// the publishers, this process).</summary>
public readonly record struct Receipt(int Endpoint, Guid EventId, string WebhookId, int Attempt, long At, bool Ok, int RemotePort);

/// <summary>N lightweight Kestrel receivers on 127.0.0.1. Endpoint <c>/s/{i}</c> is subscription i's URL; endpoint i
/// lives on receiver i mod N. They answer 200 after an optional latency, or 500 while their endpoint is failing or
/// by the configured failure rate; every request is recorded.</summary>
public sealed class ReceiverFarm : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private readonly List<Uri> _addresses = [];
    private readonly int _latencyMs;
    private readonly double _failureRate;
    private Recording _recording = new();
    private volatile HashSet<int> _failing = [];
    private readonly ConcurrentDictionary<int, int> _delays = new();
    private long _failUntil;

    private ReceiverFarm(int latencyMs, double failureRate)
    {
        _latencyMs = latencyMs;
        _failureRate = failureRate;
    }

    public static async Task<ReceiverFarm> StartAsync(int count, int latencyMs, double failureRate)
    {
        var farm = new ReceiverFarm(latencyMs, failureRate);
        for (var i = 0; i < count; i++)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, 0);
                k.AddServerHeader = false;
            });
            var app = builder.Build();
            app.Run(farm.HandleAsync);
            await app.StartAsync();
            farm._apps.Add(app);
            farm._addresses.Add(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
        }

        return farm;
    }

    public int Count => _apps.Count;

    public IReadOnlyList<Uri> Addresses => _addresses;

    public string EndpointUrl(int endpoint) => new Uri(_addresses[endpoint % _addresses.Count], $"/s/{endpoint}").ToString();

    public Recording Current => _recording;

    private readonly EndpointConcurrency _concurrency = new();

    /// <summary>The most requests this endpoint had open at once since the last <see cref="Reset"/>.</summary>
    public int MaxConcurrency(int endpoint) => _concurrency.Max(endpoint);

    /// <summary>Starts a fresh recording (each scenario counts only its own requests).</summary>
    /// <param name="endpoints">Record only these endpoints' requests (a late answer of an earlier scenario's slow
    /// endpoint must not count as this scenario's delivery); null: all.</param>
    public Recording Reset(IReadOnlyCollection<int>? endpoints = null)
    {
        _concurrency.Clear();
        return _recording = new Recording(endpoints);
    }

    /// <summary>This endpoint answers after <paramref name="milliseconds"/> (beside the farm's latency), or never when
    /// it is <see cref="Timeout.Infinite"/> (the portal's request times out); 0 restores it.</summary>
    public void DelayEndpoint(int endpoint, int milliseconds)
    {
        if (milliseconds == 0)
            _delays.TryRemove(endpoint, out _);
        else
            _delays[endpoint] = milliseconds;
    }

    /// <summary>These endpoints answer 500 until <paramref name="until"/> (a Stopwatch timestamp).</summary>
    public void FailEndpoints(IEnumerable<int> endpoints, long until)
    {
        Interlocked.Exchange(ref _failUntil, until);
        _failing = [.. endpoints];
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var endpoint = path.StartsWith("/s/", StringComparison.Ordinal)
                       && int.TryParse(path.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : -1;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var at = Stopwatch.GetTimestamp();
        using var inFlight = _concurrency.Enter(endpoint);
        if (_latencyMs > 0)
            await Task.Delay(_latencyMs, context.RequestAborted);
        if (_delays.TryGetValue(endpoint, out var delay))
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the sender gave up (its timeout): nothing arrived
            }
        }

        var fail = (_failing.Contains(endpoint) && at < Interlocked.Read(ref _failUntil))
                   || (_failureRate > 0 && Random.Shared.NextDouble() < _failureRate);
        var headers = context.Request.Headers;
        var attempt = int.TryParse(headers["X-JobAttempt"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
        _recording.Add(new Receipt(endpoint, EventId(body), headers["webhook-id"].ToString(), attempt, at, !fail,
            context.Connection.RemotePort));
        context.Response.StatusCode = fail ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
    }

    /// <summary>The envelope's top-level "id" (the event id).</summary>
    private static Guid EventId(MemoryStream body)
    {
        var reader = new Utf8JsonReader(body.GetBuffer().AsSpan(0, (int)body.Length));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Guid.Empty;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                    return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var id) ? id : Guid.Empty;
                reader.Read();
                reader.TrySkip();
            }
        }
        catch (JsonException)
        {
            // Not an envelope (e.g. a raw payload format): no event id to attribute.
        }

        return Guid.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>What the receivers got during one scenario.</summary>
public sealed class Recording
{
    private readonly HashSet<int>? _only;
    private readonly ConcurrentQueue<Receipt> _receipts = new();

    public Recording(IReadOnlyCollection<int>? endpoints = null) => _only = endpoints is null ? null : [.. endpoints];
    private readonly ConcurrentDictionary<string, int> _okByWebhookId = new(StringComparer.Ordinal);
    private long _lastOkAt;

    public void Add(Receipt receipt)
    {
        if (_only is not null && !_only.Contains(receipt.Endpoint))
            return;
        _receipts.Enqueue(receipt);
        if (!receipt.Ok)
            return;
        _okByWebhookId.AddOrUpdate(receipt.WebhookId, 1, (_, n) => n + 1);
        long last;
        do
        {
            last = Interlocked.Read(ref _lastOkAt);
        } while (receipt.At > last && Interlocked.CompareExchange(ref _lastOkAt, receipt.At, last) != last);
    }

    /// <summary>Distinct deliveries (webhook-id) answered 2xx at least once.</summary>
    public int Delivered => _okByWebhookId.Count;

    /// <summary>2xx receipts beyond the first per webhook-id: the at-least-once duplicates.</summary>
    public int Duplicates => _okByWebhookId.Values.Sum(n => n - 1);

    public int Requests => _receipts.Count;

    public long LastOkAt => Interlocked.Read(ref _lastOkAt);

    public IReadOnlyCollection<Receipt> Receipts => _receipts;

    /// <summary>Waits until <paramref name="expected"/> distinct deliveries arrived or the timeout passes.</summary>
    public async Task<bool> WaitForDeliveredAsync(int expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (Delivered < expected && deadline.Elapsed < timeout)
            await Task.Delay(10, cancellationToken);
        return Delivered >= expected;
    }
}

/// <summary>Requests open per endpoint (from the body read until the answer), and the most seen at once.</summary>
internal sealed class EndpointConcurrency
{
    private readonly ConcurrentDictionary<int, int[]> _counts = new(); // [open, most]

    public Scope Enter(int endpoint)
    {
        var counts = _counts.GetOrAdd(endpoint, _ => new int[2]);
        var open = Interlocked.Increment(ref counts[0]);
        int most;
        while (open > (most = Volatile.Read(ref counts[1])) && Interlocked.CompareExchange(ref counts[1], open, most) != most)
        {
        }

        return new Scope(counts);
    }

    public int Max(int endpoint) => _counts.TryGetValue(endpoint, out var counts) ? Volatile.Read(ref counts[1]) : 0;

    public void Clear()
    {
        foreach (var counts in _counts.Values)
            Volatile.Write(ref counts[1], Volatile.Read(ref counts[0]));
    }

    public readonly struct Scope(int[] counts) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref counts[0]);
    }
}
