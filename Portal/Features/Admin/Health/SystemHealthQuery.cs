using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;

namespace Portal.Features.Admin.Health;

/// <summary>The queue and throughput figures. Every query starts from an indexed range, so it stays cheap however much
/// finished history the tables hold: the queue is read subscription by subscription through its own queue index
/// (IX_Deliveries_Queue: subscription, next attempt; unfinished rows only), throughput through Attempts' StartedAt.
/// There is deliberately no index on the whole queue by time (see DeliveryConfiguration).</summary>
public sealed class SystemHealthQuery(PortalDbContext db)
{
    private static readonly DeliveryStatus[] Waiting = [DeliveryStatus.Pending, DeliveryStatus.Retrying];

    public async Task<QueueFigures> QueueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One row per sendable subscription (as the dispatcher's claim: paused subscriptions and suspended tenants keep
        // their queue but it is not due work), each figure a range seek on that subscription's queue index.
        var queue = Queue();
        var queues = await Sendable()
            .Select(s => new
            {
                Due = queue.Count(d => d.SubscriptionId == s.Id && d.NextAttemptAt <= now),
                Later = queue.Count(d => d.SubscriptionId == s.Id && d.NextAttemptAt > now),
                Oldest = queue.Where(d => d.SubscriptionId == s.Id && d.NextAttemptAt <= now).Min(d => d.NextAttemptAt),
            })
            .ToListAsync(cancellationToken);
        var oldest = queues.Min(q => q.Oldest);

        // A claim moves a delivery's next attempt to its lease's end, so the not-yet-due range holds every live lease.
        var leases = await Sendable()
            .SelectMany(s => queue.Where(d => d.SubscriptionId == s.Id && d.NextAttemptAt > now && d.LeaseOwner != null
                                              && d.LeaseUntil > now && d.NextAttemptAt == d.LeaseUntil))
            .Select(d => new { d.LeaseOwner, d.LeaseUntil })
            .ToListAsync(cancellationToken);
        var hosts = leases
            .GroupBy(l => HostOf(l.LeaseOwner!))
            .Select(g => new HostLeases(g.Key, g.Count(), g.Max(l => l.LeaseUntil!.Value)))
            .OrderBy(h => h.Host, StringComparer.Ordinal)
            .ToList();
        return new QueueFigures(queues.Sum(q => q.Due), queues.Sum(q => q.Later),
            oldest is { } at ? Max(now - at, TimeSpan.Zero) : null, hosts);
    }

    public async Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var end = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        var start = end.AddMinutes(-60);
        // One counting query per minute over the StartedAt index: the database counts, nothing but 60 pairs of numbers
        // comes back, however many attempts a busy hour holds.
        var points = new List<ThroughputPoint>(60);
        for (var minute = start; minute < end; minute = minute.AddMinutes(1))
        {
            var from = minute;
            var to = minute.AddMinutes(1);
            var counts = await db.Attempts.IgnoreQueryFilters()
                .Where(a => a.StartedAt >= from && a.StartedAt < to)
                .GroupBy(_ => 1)
                .Select(g => new { Ok = g.Count(a => a.ResponseStatus >= 200 && a.ResponseStatus < 300), All = g.Count() })
                .FirstOrDefaultAsync(cancellationToken);
            points.Add(new ThroughputPoint(minute, counts?.Ok ?? 0, (counts?.All ?? 0) - (counts?.Ok ?? 0)));
        }
        return points;
    }

    /// <summary>Lease owners are "host#claim" (DeliveryDispatcher): the host is what an operator cares about.</summary>
    private static string HostOf(string owner) => owner.Split('#')[0];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private IQueryable<Subscription> Sendable() =>
        db.Subscriptions.IgnoreQueryFilters()
            .Where(s => s.State == SubscriptionState.Active
                        && db.Tenants.Any(t => t.Id == s.TenantId && t.Status == TenantStatus.Active));

    /// <summary>Waiting deliveries: exactly the rows of the queue index (unfinished = has a next attempt), read per
    /// subscription.</summary>
    private IQueryable<Delivery> Queue() =>
        db.Deliveries.IgnoreQueryFilters().Where(d => d.NextAttemptAt != null && Waiting.Contains(d.Status));
}
