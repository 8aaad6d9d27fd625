using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Tenants;

namespace Portal.Features.Admin;

/// <summary>Every tenant with its size. Operators only: it deliberately reads across tenants.</summary>
public sealed class AdminOverviewQuery(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<TenantOverview>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users
            .GroupBy(u => u.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.TenantId, x => x.Count, cancellationToken);
        var subscriptions = await db.Subscriptions
            .IgnoreQueryFilters([PortalDbContext.TenantFilter])
            .GroupBy(s => s.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.TenantId, x => x.Count, cancellationToken);
        var since = clock.GetUtcNow().AddHours(-24);
        var deliveries = await db.Deliveries
            .IgnoreQueryFilters([PortalDbContext.TenantFilter])
            .Where(d => d.CreatedAt >= since)
            .GroupBy(d => d.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count(), Failed = g.Count(d => d.Status == DeliveryStatus.Exhausted) })
            .ToDictionaryAsync(x => x.TenantId, cancellationToken);
        var tenants = await db.Tenants
            .OrderBy(t => t.Name)
            .Select(t => new { t.Id, t.Name, t.Status, t.CreatedAt })
            .ToListAsync(cancellationToken);

        return
        [
            .. tenants.Select(t => new TenantOverview(
                t.Id, t.Name, t.Status, users.GetValueOrDefault(t.Id), subscriptions.GetValueOrDefault(t.Id),
                deliveries.GetValueOrDefault(t.Id)?.Count ?? 0, deliveries.GetValueOrDefault(t.Id)?.Failed ?? 0, t.CreatedAt)),
        ];
    }
}

public sealed record TenantOverview(
    Guid Id,
    string Name,
    TenantStatus Status,
    int Users,
    int Subscriptions,
    int Deliveries24h,
    int Failed24h,
    DateTimeOffset CreatedAt)
{
    /// <summary>Share of the last 24 hours' deliveries that exhausted their retries; null without deliveries.</summary>
    public double? FailureRate24h => Deliveries24h == 0 ? null : (double)Failed24h / Deliveries24h;
}
