using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;

namespace Portal.Features.Admin.Health;

/// <summary>The queue and throughput figures. Every query starts from an indexed range (Deliveries' NextAttemptAt,
/// Attempts' StartedAt), so it stays cheap however much finished history the tables hold.</summary>
public sealed class SystemHealthQuery(PortalDbContext db)
{
    private static readonly DeliveryStatus[] Waiting = [DeliveryStatus.Pending, DeliveryStatus.Retrying];

    public async Task<QueueFigures> QueueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Sendable().Where(d => d.NextAttemptAt <= now);
        var dueNow = await due.CountAsync(cancellationToken);
        var later = await Sendable().Where(d => d.NextAttemptAt > now).CountAsync(cancellationToken);
        var oldest = await due.OrderBy(d => d.NextAttemptAt).Select(d => d.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);

        // A claim moves a delivery's next attempt to its lease's end, so the not-yet-due range holds every live lease.
        var leases = await db.Deliveries.IgnoreQueryFilters()
            .Where(d => d.NextAttemptAt > now && Waiting.Contains(d.Status) && d.LeaseOwner != null && d.LeaseUntil > now
                        && d.NextAttemptAt == d.LeaseUntil)
            .Select(d => new { d.LeaseOwner, d.LeaseUntil })
            .ToListAsync(cancellationToken);
        var hosts = leases
            .GroupBy(l => HostOf(l.LeaseOwner!))
            .Select(g => new HostLeases(g.Key, g.Count(), g.Max(l => l.LeaseUntil!.Value)))
            .OrderBy(h => h.Host, StringComparer.Ordinal)
            .ToList();
        return new QueueFigures(dueNow, later, oldest is { } at ? Max(now - at, TimeSpan.Zero) : null, hosts);
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

    /// <summary>As the dispatcher's claim: paused subscriptions and suspended tenants keep their queue but it is not due work.</summary>
    private IQueryable<Delivery> Sendable() =>
        db.Deliveries.IgnoreQueryFilters()
            .Where(d => Waiting.Contains(d.Status)
                        && db.Subscriptions.IgnoreQueryFilters().Any(s => s.Id == d.SubscriptionId && s.State == SubscriptionState.Active)
                        && db.Tenants.Any(t => t.Id == d.TenantId && t.Status == TenantStatus.Active));
}
