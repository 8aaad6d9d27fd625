using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Catalogue;

/// <summary>The published (not archived) event types, as tenants browse them.</summary>
public sealed class CatalogueQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<CatalogueEntry>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.EventTypes
            .Where(e => !e.IsArchived)
            .Select(e => new { e.Name, e.Category, e.Description, e.SamplePayload, e.Schema })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(e => new CatalogueEntry(e.Name, e.Category, e.Description, JsonText.Indent(e.SamplePayload),
            e.Schema is null ? null : JsonText.Indent(e.Schema)))];
    }
}

public sealed record CatalogueEntry(string Name, string Category, string Description, string SamplePayload, string? Schema = null);

public sealed record CatalogueCategory(string Name, IReadOnlyList<CatalogueEntry> EventTypes);
