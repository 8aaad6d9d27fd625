using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;

namespace Portal.Features.Subscriptions.Endpoint;

/// <summary>The window the endpoint figures cover: the last 24 whole hours (hourly buckets) or 7 whole days (daily
/// buckets), ending with the current hour or day.</summary>
public sealed record FigureWindow(DateTimeOffset Since, DateTimeOffset End, TimeSpan Step, int Buckets, bool Week)
{
    public string Label => Week ? "7 days" : "24 h";

    public static FigureWindow Of(DateTimeOffset now, bool week)
    {
        var (step, count) = week ? (TimeSpan.FromDays(1), 7) : (TimeSpan.FromHours(1), 24);
        var end = week
            ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1)
            : new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero).AddHours(1);
        return new(end - step * count, end, step, count, week);
    }
}

/// <summary>Deliveries by outcome and attempts per subscription over a window — the one definition the endpoint page
/// and the subscriptions list share. Two grouped counts over indexed ranges (deliveries on (TenantId|SubscriptionId,
/// CreatedAt), attempts on StartedAt), whatever the number of subscriptions: no query per row.</summary>
public static class EndpointTotals
{
    public static async Task<IReadOnlyDictionary<Guid, EndpointFigures>> CountAsync(PortalDbContext db, FigureWindow window,
        Guid? subscriptionId = null, CancellationToken cancellationToken = default)
    {
        var deliveries = db.Deliveries.AsNoTracking();
        if (subscriptionId is { } only)
            deliveries = deliveries.Where(d => d.SubscriptionId == only);
        var byStatus = await deliveries
            .Where(d => d.CreatedAt >= window.Since && d.CreatedAt < window.End)
            .GroupBy(d => new { d.SubscriptionId, d.Status })
            .Select(g => new { g.Key.SubscriptionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var attempts = await (
                from a in db.Attempts.AsNoTracking()
                join d in deliveries on a.DeliveryId equals d.Id
                where a.StartedAt >= window.Since
                group a by d.SubscriptionId into g
                select new { SubscriptionId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var ids = byStatus.Select(c => c.SubscriptionId).Concat(attempts.Select(a => a.SubscriptionId)).Distinct();
        return ids.ToDictionary(id => id, id => EndpointFigures.From(
            byStatus.Where(c => c.SubscriptionId == id).Select(c => (c.Status, c.Count)),
            attempts.Where(a => a.SubscriptionId == id).Sum(a => a.Count),
            []));
    }

    public static EndpointFigures Of(this IReadOnlyDictionary<Guid, EndpointFigures> figures, Guid subscriptionId) =>
        figures.GetValueOrDefault(subscriptionId) ?? EndpointFigures.None;
}
