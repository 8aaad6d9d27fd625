using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Tenants;
using Portal.Features.Audit;

namespace Portal.Features.Admin.Tenants;

/// <summary>What to change; null leaves a value as it is, an empty external id clears it.</summary>
public sealed record TenantChanges(string? Name, string? ExternalId);

/// <summary>Renames a tenant or changes the platform's id of it; both stay unique.</summary>
public sealed class EditTenant(PortalDbContext db, AuditTrail audit)
{
    public async Task<Result<TenantSummary>> ExecuteAsync(Guid id, TenantChanges changes, CancellationToken cancellationToken = default)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
            return Error.NotFound("Tenant not found.");

        var name = changes.Name?.Trim() ?? tenant.Name;
        if (TenantNames.Check(name) is { } invalid)
            return invalid;
        var externalId = changes.ExternalId is null ? tenant.ExternalId : NullIfEmpty(changes.ExternalId.Trim());
        if (externalId is { Length: > Tenant.MaxExternalIdLength })
            return Error.Validation("externalId", $"The external id must be at most {Tenant.MaxExternalIdLength} characters.");
        if (await ConflictAsync(id, name, externalId, cancellationToken) is { } conflict)
            return conflict;

        var changed = new List<string>();
        if (name != tenant.Name)
        {
            tenant.Rename(name);
            changed.Add("name");
        }
        if (externalId != tenant.ExternalId)
        {
            tenant.SetExternalId(externalId);
            changed.Add("external id");
        }
        if (changed.Count == 0)
            return TenantSummary.From(tenant);

        audit.RecordPlatform(AuditActions.TenantUpdated, AuditTargets.Tenant, tenant.Id.ToString(), tenant.Name,
            $"Changed: {string.Join(", ", changed)}.");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another call took the name or the external id meanwhile: the unique indexes refused this one.
            db.ChangeTracker.Clear();
            if (await ConflictAsync(id, name, externalId, cancellationToken) is { } taken)
                return taken;
            throw;
        }
        return TenantSummary.From(tenant);
    }

    private async Task<Error?> ConflictAsync(Guid id, string name, string? externalId, CancellationToken cancellationToken)
    {
        if (await db.Tenants.Where(t => t.Id != id).IsTakenAsync(name, cancellationToken))
            return Error.Conflict(TenantNames.Taken(name));
        if (externalId is not null && await db.Tenants.AnyAsync(t => t.Id != id && t.ExternalId == externalId, cancellationToken))
            return Error.Conflict($"Another tenant has the external id '{externalId}'.");
        return null;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
