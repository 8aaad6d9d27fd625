using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Dashboard;

public sealed record ActivityBucket(DateTimeOffset Start, string Label, int Succeeded, int Failed);

public sealed record FailingSubscription(Guid Id, string Name, SubscriptionState State, int ConsecutiveFailures, string? DisabledReason);

public sealed record DeliveryHealth(IReadOnlyList<ActivityBucket> Buckets, IReadOnlyList<FailingSubscription> Failing, TimeSpan? OldestPendingAge);

/// <summary>The dashboard's chart (succeeded vs failed per hour over 24 h, or per day over 7 days), the failing
/// subscriptions and how long the oldest waiting delivery has waited. One indexed count per bucket, so the cost
/// does not grow with the number of deliveries in a bucket's rows read.</summary>
public static class DeliveryActivity
{
    private const int FailingShown = 5;

    public static async Task<DeliveryHealth> LoadAsync(PortalDbContext db, DateTimeOffset now, bool week,
        CancellationToken cancellationToken = default)
    {
        var step = week ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);
        var count = week ? 7 : 24;
        var end = week
            ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1)
            : new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero).AddHours(1);
        var buckets = new List<ActivityBucket>(count);
        for (var i = count; i > 0; i--)
        {
            var from = end - step * i;
            var to = from + step;
            var counts = await db.Deliveries.AsNoTracking()
                .Where(d => d.CreatedAt >= from && d.CreatedAt < to)
                .GroupBy(d => d.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var label = week
                ? from.UtcDateTime.ToString("ddd d", CultureInfo.InvariantCulture)
                : from.UtcDateTime.ToString("HH':00'", CultureInfo.InvariantCulture);
            buckets.Add(new ActivityBucket(from, label,
                counts.Where(c => c.Status == DeliveryStatus.Succeeded).Sum(c => c.Count),
                counts.Where(c => c.Status is DeliveryStatus.Exhausted or DeliveryStatus.Retrying).Sum(c => c.Count)));
        }

        var failing = await db.Subscriptions.AsNoTracking()
            .Where(s => s.State == SubscriptionState.Disabled || s.Stats.ConsecutiveFailures > 0)
            .OrderByDescending(s => s.Stats.ConsecutiveFailures)
            .Select(s => new FailingSubscription(s.Id, s.Name, s.State, s.Stats.ConsecutiveFailures, s.DisabledReason))
            .Take(FailingShown)
            .ToListAsync(cancellationToken);

        var oldest = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying)
            .OrderBy(d => d.CreatedAt)
            .Select(d => (DateTimeOffset?)d.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

        return new DeliveryHealth(buckets, failing, oldest is { } createdAt ? now - createdAt : null);
    }
}
