using Portal.Domain.Deliveries;

namespace Portal.Features.Subscriptions.Endpoint;

/// <summary>An endpoint's honest numbers over a window: deliveries (not attempts) by outcome, the success rate of
/// the finished ones, the attempts made separately, and latency percentiles of the attempts that got an answer.</summary>
public sealed record EndpointFigures(int Succeeded, int Failed, int Pending, int Other, int Attempts, LatencyPercentiles? Latency)
{
    public static EndpointFigures None { get; } = new(0, 0, 0, 0, 0, null);

    public int Deliveries => Succeeded + Failed + Pending + Other;

    /// <summary>Succeeded of finished (succeeded or failed) deliveries; null before any finished.</summary>
    public double? SuccessRate => Succeeded + Failed == 0 ? null : (double)Succeeded / (Succeeded + Failed);

    /// <summary>Exhausted deliveries are failed; pending and retrying ones are still open; cancelled and skipped
    /// ones were never meant to reach the endpoint and count as other.</summary>
    public static EndpointFigures From(IEnumerable<(DeliveryStatus Status, int Count)> counts, int attempts,
        IReadOnlyCollection<int> durationsMs)
    {
        int succeeded = 0, failed = 0, pending = 0, other = 0;
        foreach (var (status, count) in counts)
        {
            switch (status)
            {
                case DeliveryStatus.Succeeded: succeeded += count; break;
                case DeliveryStatus.Exhausted: failed += count; break;
                case DeliveryStatus.Pending or DeliveryStatus.Retrying: pending += count; break;
                default: other += count; break;
            }
        }
        return new(succeeded, failed, pending, other, attempts, LatencyPercentiles.Of(durationsMs));
    }
}

/// <summary>p50 / p95 / p99 in milliseconds (nearest rank).</summary>
public sealed record LatencyPercentiles(int P50, int P95, int P99, int Samples)
{
    public static LatencyPercentiles? Of(IReadOnlyCollection<int> durationsMs)
    {
        if (durationsMs.Count == 0)
            return null;
        var sorted = durationsMs.Order().ToArray();
        return new(Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted.Length);
    }

    private static int Rank(int[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>One bar of the endpoint's chart: its deliveries created in [Start, Start + step), by outcome.</summary>
public sealed record OutcomeBucket(DateTimeOffset Start, string Label, int Succeeded, int Failed, int Pending)
{
    public int Total => Succeeded + Failed + Pending;
}
