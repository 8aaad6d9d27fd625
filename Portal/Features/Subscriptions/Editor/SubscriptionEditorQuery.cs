using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>What the editor loads: the subscription (the tenant's own: the tenant filter applies) and the catalogue to
/// pick from (active types, and the archived ones it still listens to).</summary>
public sealed class SubscriptionEditorQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<Subscription?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    public async Task<List<CatalogueOption>> CatalogueAsync(IReadOnlyCollection<string> subscribed,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EventTypes.AsNoTracking()
            .Where(t => !t.IsArchived || subscribed.Contains(t.Name))
            .OrderBy(t => t.Category).ThenBy(t => t.Name)
            .Select(t => new CatalogueOption(t.Name, t.Category, t.Description, t.IsArchived))
            .ToListAsync(cancellationToken);
    }
}
