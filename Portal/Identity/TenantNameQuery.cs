using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Identity;

/// <summary>The signed-in user's organisation name, for the layout's badge.</summary>
public sealed class TenantNameQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<string?> FindAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
    }
}
