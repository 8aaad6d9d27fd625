using System.Collections.Concurrent;
using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>What one steady phase measured on a set of endpoints: publish→receive latency of each of their
/// deliveries (first 2xx per webhook-id) and their throughput from the first publish to their last receipt.</summary>
public sealed record SteadyOutcome(int Published, int Failures, int Expected, IReadOnlyList<double> LatenciesMs, double Seconds)
{
    public int Delivered => LatenciesMs.Count;

    public double RatePerSecond => Seconds > 0 ? Delivered / Seconds : 0;

    public double P(double percentile) => Report.Percentile(LatenciesMs, percentile);
}

/// <summary>R events/s for T s of one event type, each fanned out to the given endpoints (and any others subscribed
/// to it, which are not measured here).</summary>
public static class SteadyLoad
{
    public static async Task<SteadyOutcome> RunAsync(BenchContext context, string eventType, int rate, int seconds,
        IReadOnlyCollection<int> measured)
    {
        var recording = context.Farm.Reset();
        var total = rate * seconds;
        var published = new ConcurrentDictionary<Guid, long>();
        var failures = 0;
        using var inFlight = new SemaphoreSlim(256);
        var tasks = new List<Task>(total);
        var started = Stopwatch.GetTimestamp();
        for (var k = 0; k < total; k++)
        {
            var wait = TimeSpan.FromSeconds((double)k / rate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            if (Stopwatch.GetElapsedTime(started) > context.Timeout)
                break;
            await inFlight.WaitAsync();
            var api = context.Apis[k % context.Apis.Count];
            var sequence = k;
            tasks.Add(Task.Run(async () =>
            {
                var at = Stopwatch.GetTimestamp();
                try
                {
                    var (id, _) = await api.PublishAsync(eventType, sequence);
                    published[id] = at;
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        var expected = published.Count * measured.Count;
        var endpoints = measured.ToHashSet();
        var deadline = Stopwatch.StartNew();
        while (Count(recording, endpoints) < expected && deadline.Elapsed < context.Timeout)
            await Task.Delay(50); // a scan of the receipts: not so often that the harness competes with the portal

        var firsts = recording.Receipts
            .Where(r => r.Ok && endpoints.Contains(r.Endpoint) && published.ContainsKey(r.EventId))
            .GroupBy(r => r.WebhookId)
            .Select(g => g.MinBy(r => r.At))
            .ToList();
        var latencies = firsts.Select(r => Stopwatch.GetElapsedTime(published[r.EventId], r.At).TotalMilliseconds).Order().ToList();
        var last = firsts.Count > 0 ? firsts.Max(r => r.At) : Stopwatch.GetTimestamp();
        return new SteadyOutcome(published.Count, failures, expected, latencies, Stopwatch.GetElapsedTime(started, last).TotalSeconds);
    }

    private static int Count(Recording recording, HashSet<int> endpoints) =>
        recording.Receipts.Where(r => r.Ok && endpoints.Contains(r.Endpoint)).Select(r => r.WebhookId).Distinct().Count();
}
