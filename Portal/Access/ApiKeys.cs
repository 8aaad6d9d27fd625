using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Access;

public sealed record CreatedApiKey(Guid Id, string Name, string Value);

public sealed record ApiKeySummary(Guid Id, string Name, string Prefix, bool Platform, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The signed-in tenant's API keys: list, create (the value is shown once), revoke. Admins may also create
/// platform keys, which publish for any tenant.</summary>
public sealed class ApiKeys(PortalDbContext db, CurrentUser user, AuditTrail audit, ApiCredentialCache cache, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var keys = await Visible().AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.Prefix, k.IsPlatformKey, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToList();
    }

    public async Task<Result<CreatedApiKey>> CreateAsync(string name, bool platform = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            return Error.Validation("name", "Give the key a name of at most 100 characters.");
        if (platform && !user.IsAdmin)
            return Error.Validation("platform", "Only administrators can create platform keys.");
        if (!platform && user.TenantId is null)
            return Error.NotFound("No tenant is signed in.");

        var (key, value) = ApiKey.Create(platform ? null : user.TenantId, name.Trim(), clock.GetUtcNow());
        db.ApiKeys.Add(key);
        Audit(key, platform ? AuditActions.PlatformApiKeyCreated : AuditActions.ApiKeyCreated, $"Prefix {key.Prefix}.");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key.Id, key.Name, value);
    }

    public async Task<Result<Guid>> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var key = await Visible().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
            return Error.NotFound("API key not found.");
        key.Revoke(clock.GetUtcNow());
        Audit(key, key.IsPlatformKey ? AuditActions.PlatformApiKeyRevoked : AuditActions.ApiKeyRevoked, $"Prefix {key.Prefix}.");
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetKey(key.Hash); // other hosts: within ApiCredentialCache.Lifetime
        return id;
    }

    /// <summary>A platform key is operators' business: its entries are platform-level.</summary>
    private void Audit(ApiKey key, string action, string details)
    {
        if (key.IsPlatformKey)
            audit.RecordPlatform(action, AuditTargets.ApiKey, key.Id.ToString(), key.Name, details);
        else
            audit.Record(action, AuditTargets.ApiKey, key.Id.ToString(), key.Name, details);
    }

    /// <summary>The tenant's own keys; administrators also see platform keys.</summary>
    private IQueryable<ApiKey> Visible()
    {
        var tenantId = user.TenantId;
        var admin = user.IsAdmin;
        return db.ApiKeys.Where(k => (tenantId != null && k.TenantId == tenantId) || (admin && k.TenantId == null));
    }
}
