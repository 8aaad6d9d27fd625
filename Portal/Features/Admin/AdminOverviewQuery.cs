using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Tenants;

namespace Portal.Features.Admin;

/// <summary>Every tenant with its size. Operators only: it deliberately reads across tenants.</summary>
public sealed class AdminOverviewQuery(IDbContextFactory<PortalDbContext> dbFactory)
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
        var tenants = await db.Tenants
            .OrderBy(t => t.Name)
            .Select(t => new { t.Id, t.Name, t.Status, t.CreatedAt })
            .ToListAsync(cancellationToken);

        return
        [
            .. tenants.Select(t => new TenantOverview(
                t.Id, t.Name, t.Status, users.GetValueOrDefault(t.Id), subscriptions.GetValueOrDefault(t.Id), t.CreatedAt)),
        ];
    }
}

public sealed record TenantOverview(
    Guid Id,
    string Name,
    TenantStatus Status,
    int Users,
    int Subscriptions,
    DateTimeOffset CreatedAt);
