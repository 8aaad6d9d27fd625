using System.Collections.Concurrent;
using System.Diagnostics;

namespace Portal.Bench;

/// <summary>What the scenarios share: the options, the receivers, the portal hosts and their API clients.</summary>
public sealed class BenchContext(BenchOptions options, ReceiverFarm farm, IReadOnlyList<PortalHost> hosts, TextWriter log)
{
    private readonly List<PortalApi> _apis = hosts.Select(h => new PortalApi(h.BaseAddress)).ToList();
    private int _nextEndpoint;
    private IReadOnlyList<int>? _throughputEndpoints;

    public BenchOptions Options { get; } = options;
    public ReceiverFarm Farm { get; } = farm;
    public IReadOnlyList<PortalHost> Hosts { get; } = hosts;
    public IReadOnlyList<PortalApi> Apis => _apis;
    public TextWriter Log { get; } = log;
    public ScenarioResult? Ceiling { get; set; }

    /// <summary>The portal's SQLite file (null on PostgreSQL), for the floor scenario's copy.</summary>
    public string? SqlitePath { get; init; }

    /// <summary>Each endpoint's subscription id.</summary>
    public ConcurrentDictionary<int, Guid> SubscriptionIds { get; } = new();

    /// <summary>The results so far in this run, by scenario name (paused-backlog compares itself with throughput).</summary>
    public Dictionary<string, ScenarioResult> Results { get; } = new(StringComparer.Ordinal);

    /// <summary>The transform scenario's subscriptions, once created.</summary>
    public IReadOnlyList<int>? TransformEndpoints { get; set; }

    public TimeSpan Timeout => TimeSpan.FromSeconds(Options.TimeoutSeconds);

    public void Say(string message) => Log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    /// <summary>Creates <paramref name="count"/> subscriptions to <paramref name="eventType"/>, each on its own
    /// receiver endpoint; returns the endpoint numbers.</summary>
    public async Task<IReadOnlyList<int>> SubscribeAsync(string prefix, string eventType, int count,
        string? retryPreset = null, int? maxAttempts = null, IReadOnlyList<string>? moreEventTypes = null, bool active = true,
        int? maxInFlight = null, int? rateLimitPerSecond = null, string? payloadFormat = null, string? transformation = null)
    {
        var endpoints = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var endpoint = Interlocked.Increment(ref _nextEndpoint) - 1;
            SubscriptionIds[endpoint] = await Apis[0].CreateSubscriptionAsync(
                new SubscriptionSpec($"bench-{prefix}-{i}", Farm.EndpointUrl(endpoint), eventType, retryPreset, maxAttempts)
                {
                    MoreEventTypes = moreEventTypes ?? [],
                    Active = active,
                    MaxInFlight = maxInFlight,
                    RateLimitPerSecond = rateLimitPerSecond,
                    PayloadFormat = payloadFormat,
                    Transformation = transformation,
                });
            endpoints.Add(endpoint);
        }

        return endpoints;
    }

    /// <summary>The S subscriptions of the throughput scenario (the ceiling posts to the same endpoints).</summary>
    public async Task<IReadOnlyList<int>> ThroughputEndpointsAsync() =>
        _throughputEndpoints ??= await SubscribeAsync("throughput", EventTypes.Throughput, Options.Subscriptions);

    /// <summary>Publishes <paramref name="count"/> events with <see cref="BenchOptions.Publishers"/> concurrent
    /// publishers spread over the hosts (bounded by the scenario timeout). Returns each event's id and the Stopwatch
    /// timestamp taken just before its request was sent.</summary>
    public async Task<PublishSummary> PublishAsync(string eventType, int count, IReadOnlyList<PortalApi>? through = null)
    {
        var apis = through ?? Apis;
        var published = new ConcurrentDictionary<Guid, long>();
        var failures = 0;
        var next = -1;
        var deadline = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Math.Min(Options.Publishers, count)).Select(async worker =>
        {
            var api = apis[worker % apis.Count];
            int sequence;
            while ((sequence = Interlocked.Increment(ref next)) < count && deadline.Elapsed < Timeout)
            {
                var at = Stopwatch.GetTimestamp();
                try
                {
                    var (id, _) = await api.PublishAsync(eventType, sequence);
                    published[id] = at;
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    if (Interlocked.Increment(ref failures) <= 3)
                        Say($"publish failed: {e.Message}");
                }
            }
        });
        await Task.WhenAll(workers);
        return new PublishSummary(published, failures, started, Stopwatch.GetTimestamp());
    }
}

public sealed record PublishSummary(IReadOnlyDictionary<Guid, long> Published, int Failures, long StartedAt, long EndedAt)
{
    public double Seconds => Stopwatch.GetElapsedTime(StartedAt, EndedAt).TotalSeconds;
}

/// <summary>One event type per scenario keeps their fan-outs apart (all are in the seeded catalogue).</summary>
public static class EventTypes
{
    public const string Throughput = "invoice.status";
    public const string Latency = "invoice.inbound";
    public const string Faults = "invoice.outbound";
    public const string Crash = "employee.created";
    public const string Ingestion = "employee.deleted"; // no subscription: measures the API and the write alone
    public const string Warmup = "employee.updated";

    // Created by the scenarios that need them (the platform credential adds them to the catalogue).
    public const string Healthy = "bench.healthy";
    public const string Backlog = "bench.backlog";
    public const string Paused = "bench.paused";
    public const string Limits = "bench.limits";
    public const string Transform = "bench.transform";
}
