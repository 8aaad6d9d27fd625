using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Dashboard;

/// <summary>The signed-in tenant's activity at a glance. The tenant filter scopes every count; nothing here
/// names a tenant.</summary>
public sealed class DashboardQuery(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static readonly TimeSpan WeekWindow = TimeSpan.FromDays(7);

    /// <summary>The figures over the last 24 hours, or over the last 7 days with <paramref name="week"/>.</summary>
    public async Task<DashboardStats> LoadAsync(bool week = false, CancellationToken cancellationToken = default)
    {
        var since = clock.GetUtcNow() - (week ? WeekWindow : Window);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var subscriptions = await db.Subscriptions
            .GroupBy(s => s.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var events = await db.Events.CountAsync(e => e.OccurredAt >= since, cancellationToken);
        var deliveries = await db.Deliveries
            .Where(d => d.CreatedAt >= since)
            .GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        int DeliveriesWith(DeliveryStatus status) => deliveries.Where(d => d.Status == status).Sum(d => d.Count);

        return new DashboardStats(
            ActiveSubscriptions: subscriptions.Where(s => s.State == SubscriptionState.Active).Sum(s => s.Count),
            TotalSubscriptions: subscriptions.Sum(s => s.Count),
            Events: events,
            Deliveries: deliveries.Sum(d => d.Count),
            InFlight: DeliveriesWith(DeliveryStatus.Pending) + DeliveriesWith(DeliveryStatus.Retrying),
            Succeeded: DeliveriesWith(DeliveryStatus.Succeeded),
            Failed: DeliveriesWith(DeliveryStatus.Exhausted));
    }

    /// <summary>The chart, failing subscriptions and oldest waiting delivery (<see cref="DeliveryActivity"/>).</summary>
    public async Task<DeliveryHealth> LoadActivityAsync(bool week, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DeliveryActivity.LoadAsync(db, clock.GetUtcNow(), week, cancellationToken);
    }

    public async Task<IReadOnlyList<RecentDelivery>> LoadRecentDeliveriesAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (
                from d in db.Deliveries
                join e in db.Events on d.EventId equals e.Id
                join s in db.Subscriptions on d.SubscriptionId equals s.Id
                orderby d.CreatedAt descending
                select new RecentDelivery(d.Id, d.Status, e.Type, s.Name, d.LastResponseCode, d.CreatedAt))
            .Take(count)
            .ToListAsync(cancellationToken);
    }
}

public sealed record RecentDelivery(
    Guid Id,
    DeliveryStatus Status,
    string EventType,
    string Subscription,
    int? LastResponseCode,
    DateTimeOffset CreatedAt);

/// <summary>Counts over the last 24 hours or 7 days (subscriptions: current totals).</summary>
public sealed record DashboardStats(
    int ActiveSubscriptions,
    int TotalSubscriptions,
    int Events,
    int Deliveries,
    int InFlight,
    int Succeeded,
    int Failed)
{
    /// <summary>Share of finished deliveries (succeeded or exhausted) that succeeded; null before any finished.</summary>
    public double? SuccessRate => Succeeded + Failed == 0 ? null : (double)Succeeded / (Succeeded + Failed);
}
