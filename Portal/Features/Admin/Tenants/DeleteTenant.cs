using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Features.Admin.Tenants;

/// <summary>Deletes a tenant with everything it owns — events, deliveries, attempts, subscriptions, bulk retriggers,
/// queued e-mails, API keys and clients, portal links, users and its audit log — in one transaction of set-based
/// deletes (no row is loaded). A tenant holding administrators (the operators' own) is refused.</summary>
public sealed class DeleteTenant(PortalDbContext db, CurrentUser currentUser, AuditTrail audit, ApiCredentialCache credentials)
{
    public async Task<Result<Guid>> ExecuteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
            return Error.NotFound("Tenant not found.");
        if (tenant.Id == currentUser.TenantId)
            return Error.Conflict("You cannot delete your own organisation.");
        var users = db.Users.Where(u => u.TenantId == id);
        var admins = from role in db.Roles
                     join member in db.UserRoles on role.Id equals member.RoleId
                     where role.Name == PortalRoles.Admin && users.Any(u => u.Id == member.UserId)
                     select member.UserId;
        if (await admins.AnyAsync(cancellationToken))
            return Error.Conflict($"{tenant.Name} holds administrators (the operators' organisation) and cannot be deleted.");

        var keyHashes = await db.ApiKeys.Where(k => k.TenantId == id).Select(k => k.Hash).ToListAsync(cancellationToken);
        var clientIds = await db.ApiClients.Where(c => c.TenantId == id).Select(c => c.ClientId).ToListAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deliveries = db.Deliveries.IgnoreQueryFilters().Where(d => d.TenantId == id);
        await db.Attempts.IgnoreQueryFilters().Where(a => deliveries.Any(d => d.Id == a.DeliveryId)).ExecuteDeleteAsync(cancellationToken);
        await deliveries.ExecuteDeleteAsync(cancellationToken);
        var events = await db.Events.IgnoreQueryFilters().Where(e => e.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        // Their event types (an owned table) go by the foreign key's ON DELETE CASCADE.
        var subscriptions = await db.Subscriptions.IgnoreQueryFilters().Where(s => s.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        await db.BulkRetriggers.IgnoreQueryFilters().Where(b => b.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        await db.OutboxEmails.Where(e => e.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ApiClients.Where(c => c.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        await db.PortalSessions.Where(s => s.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        // Their roles, claims, logins, tokens and passkeys go by Identity's ON DELETE CASCADE foreign keys.
        var people = await users.ExecuteDeleteAsync(cancellationToken);
        await db.AuditEntries.IgnoreQueryFilters().Where(e => e.TenantId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Tenants.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);

        audit.RecordPlatform(AuditActions.TenantDeleted, AuditTargets.Tenant, tenant.Id.ToString(), tenant.Name,
            $"Deleted with its data: {events} events, {subscriptions} subscriptions, {people} users.");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // This host stops accepting the tenant's credentials at once; other hosts within ApiCredentialCache.Lifetime.
        foreach (var hash in keyHashes)
            credentials.ForgetKey(hash);
        foreach (var clientId in clientIds)
            credentials.ForgetClient(clientId);
        return id;
    }
}
