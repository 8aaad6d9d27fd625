using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Tenants;
using Portal.Features.Audit;

namespace Portal.Features.Admin.Tenants;

public sealed record ProvisionedTenant(TenantSummary Tenant, bool Created);

/// <summary>The platform's create-if-missing: its own id of the customer (<see cref="Tenant.ExternalId"/>) decides
/// whether the tenant exists, so a retried or repeated call never makes a second one. Two calls that race are
/// settled by the unique index: the loser answers with the winner.</summary>
public sealed class ProvisionTenant(PortalDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Result<ProvisionedTenant>> ExecuteAsync(string? externalId, string? name,
        CancellationToken cancellationToken = default)
    {
        externalId = externalId?.Trim() ?? "";
        if (externalId.Length is 0 or > Tenant.MaxExternalIdLength)
            return Error.Validation("externalId",
                $"Give the platform's own id of this customer, at most {Tenant.MaxExternalIdLength} characters.");
        if (await FindAsync(externalId, cancellationToken) is { } existing)
            return new ProvisionedTenant(existing, Created: false);

        name = string.IsNullOrWhiteSpace(name) ? externalId : name.Trim();
        if (TenantNames.Check(name) is { } invalid)
            return invalid;
        if (await db.Tenants.IsTakenAsync(name, cancellationToken))
        {
            // A concurrent create of the same customer may have committed since the look-up above: that is its name.
            return await FindAsync(externalId, cancellationToken) is { } raced
                ? new ProvisionedTenant(raced, Created: false)
                : Error.Conflict(TenantNames.Taken(name));
        }

        var tenant = new Tenant(name, clock.GetUtcNow(), externalId);
        db.Tenants.Add(tenant);
        audit.RecordPlatform(AuditActions.TenantCreated, AuditTargets.Tenant, tenant.Id.ToString(), tenant.Name,
            $"External id {externalId}.");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent call inserted first: the unique indexes refused this one.
            db.ChangeTracker.Clear();
            if (await FindAsync(externalId, cancellationToken) is { } winner)
                return new ProvisionedTenant(winner, Created: false);
            if (await db.Tenants.IsTakenAsync(name, cancellationToken))
                return Error.Conflict(TenantNames.Taken(name));
            throw;
        }

        // Read back, so this answer and every later one show the stored values (timestamps at the column's precision).
        return new ProvisionedTenant(await FindAsync(externalId, cancellationToken) ?? TenantSummary.From(tenant), Created: true);
    }

    private async Task<TenantSummary?> FindAsync(string externalId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.ExternalId == externalId, cancellationToken);
        return tenant is null ? null : TenantSummary.From(tenant);
    }
}
