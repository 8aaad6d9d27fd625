using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Access;

/// <summary>A new key; <see cref="Value"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Value, string Prefix, Guid? TenantId,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record ApiKeySummary(Guid Id, string Name, string Prefix, bool Platform, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, CredentialStatus Status);

/// <summary>API keys: a tenant's own (its users see them, its owners create and revoke them), platform keys
/// (operators), and keys a platform credential creates for a tenant. The value is shown once.</summary>
public sealed class ApiKeys(PortalDbContext db, CurrentUser user, AuditTrail audit, ApiCredentialCache cache, TimeProvider clock)
{
    /// <summary>The signed-in tenant's keys, newest first.</summary>
    public Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = user.TenantId;
        return ListAsync(db.ApiKeys.Where(k => tenantId != null && k.TenantId == tenantId), cancellationToken);
    }

    /// <summary>Platform keys, for operators (nothing for anyone else).</summary>
    public Task<IReadOnlyList<ApiKeySummary>> ListPlatformAsync(CancellationToken cancellationToken = default)
    {
        var admin = user.IsAdmin;
        return ListAsync(db.ApiKeys.Where(k => admin && k.TenantId == null), cancellationToken);
    }

    /// <summary>A key of the signed-in tenant; owners only.</summary>
    public Task<Result<CreatedApiKey>> CreateAsync(string name, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default) =>
        CredentialRules.RefuseUnlessOwner(user) is { } refused
            ? Task.FromResult<Result<CreatedApiKey>>(refused)
            : CreateAsync(user.TenantId, name, expiresAt, cancellationToken);

    /// <summary>A platform key (publishes for any tenant); operators only.</summary>
    public Task<Result<CreatedApiKey>> CreatePlatformAsync(string name, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default) =>
        user.IsAdmin
            ? CreateAsync(null, name, expiresAt, cancellationToken)
            : Task.FromResult<Result<CreatedApiKey>>(Error.Forbidden("Only administrators can create platform keys."));

    /// <summary>A key of any tenant, for an operator or a platform credential.</summary>
    public async Task<Result<CreatedApiKey>> CreateForTenantAsync(Guid tenantId, string name, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default)
    {
        if (!user.ActsForPlatform)
            return Error.Forbidden("Only a platform credential or an administrator can create keys for a tenant.");
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
            return Error.NotFound("Tenant not found.");
        return await CreateAsync(tenantId, name, expiresAt, cancellationToken);
    }

    /// <summary>Revokes one of the tenant's keys (owners only), or a platform key (operators only).</summary>
    public async Task<Result<Guid>> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var (tenantId, admin) = (user.TenantId, user.IsAdmin);
        var key = await db.ApiKeys.FirstOrDefaultAsync(
            k => k.Id == id && ((tenantId != null && k.TenantId == tenantId) || (admin && k.TenantId == null)), cancellationToken);
        if (key is null)
            return Error.NotFound("API key not found.");
        if (!key.IsPlatformKey && CredentialRules.RefuseUnlessOwner(user) is { } refused)
            return refused;
        key.Revoke(clock.GetUtcNow());
        Audit(key, key.IsPlatformKey ? AuditActions.PlatformApiKeyRevoked : AuditActions.ApiKeyRevoked);
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetKey(key.Hash); // other hosts: within ApiCredentialCache.Lifetime
        return id;
    }

    private async Task<Result<CreatedApiKey>> CreateAsync(Guid? tenantId, string name, DateTimeOffset? expiresAt,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (CredentialRules.Validate(name, expiresAt, now, "key") is { } invalid)
            return invalid;
        var (key, value) = ApiKey.Create(tenantId, name.Trim(), now, expiresAt);
        db.ApiKeys.Add(key);
        Audit(key, key.IsPlatformKey ? AuditActions.PlatformApiKeyCreated : AuditActions.ApiKeyCreated);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key.Id, key.Name, value, key.Prefix, key.TenantId, key.CreatedAt, key.ExpiresAt);
    }

    private async Task<IReadOnlyList<ApiKeySummary>> ListAsync(IQueryable<ApiKey> keys, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await keys.AsNoTracking().ToListAsync(cancellationToken);
        return found.OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.Prefix, k.IsPlatformKey, k.CreatedAt, k.LastUsedAt, k.ExpiresAt,
                k.RevokedAt, CredentialRules.Status(k, now)))
            .ToList();
    }

    /// <summary>A platform key is operators' business: its entries are platform-level. A tenant's key is in its
    /// tenant's log, also when a platform credential created it.</summary>
    private void Audit(ApiKey key, string action)
    {
        var details = $"Prefix {key.Prefix}." + (key.ExpiresAt is { } expiry ? $" Expires {expiry.UtcDateTime:yyyy-MM-dd HH:mm} UTC." : "");
        if (key.TenantId is { } tenantId)
            audit.RecordForTenant(tenantId, action, AuditTargets.ApiKey, key.Id.ToString(), key.Name, details);
        else
            audit.RecordPlatform(action, AuditTargets.ApiKey, key.Id.ToString(), key.Name, details);
    }
}
