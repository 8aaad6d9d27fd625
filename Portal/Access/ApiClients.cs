using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Access;

/// <summary>A new client; <see cref="ClientSecret"/> is shown once and never stored.</summary>
public sealed record CreatedApiClient(Guid Id, string Name, string ClientId, string ClientSecret, Guid? TenantId,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record ApiClientSummary(Guid Id, string Name, string ClientId, bool Platform, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, CredentialStatus Status);

/// <summary>OAuth2 clients (client credentials grant), with the same rules as <see cref="ApiKeys"/>: a tenant's own
/// (owners create and revoke them), platform clients (operators), clients a platform credential creates for a tenant;
/// and the credential check of the token endpoint.</summary>
public sealed class ApiClients(PortalDbContext db, CurrentUser user, AuditTrail audit, ApiCredentialCache cache, TimeProvider clock)
{
    /// <summary>Recording every token request would write each time; once a minute is precise enough to show.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The signed-in tenant's clients, newest first.</summary>
    public Task<IReadOnlyList<ApiClientSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = user.TenantId;
        return ListAsync(db.ApiClients.Where(c => tenantId != null && c.TenantId == tenantId), cancellationToken);
    }

    /// <summary>Platform clients, for operators (nothing for anyone else).</summary>
    public Task<IReadOnlyList<ApiClientSummary>> ListPlatformAsync(CancellationToken cancellationToken = default)
    {
        var admin = user.IsAdmin;
        return ListAsync(db.ApiClients.Where(c => admin && c.TenantId == null), cancellationToken);
    }

    /// <summary>A client of the signed-in tenant; owners only.</summary>
    public Task<Result<CreatedApiClient>> CreateAsync(string name, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default) =>
        CredentialRules.RefuseUnlessOwner(user) is { } refused
            ? Task.FromResult<Result<CreatedApiClient>>(refused)
            : CreateAsync(user.TenantId, name, expiresAt, cancellationToken);

    /// <summary>A platform client (acts on any tenant, like a platform key); operators only.</summary>
    public Task<Result<CreatedApiClient>> CreatePlatformAsync(string name, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default) =>
        user.IsAdmin
            ? CreateAsync(null, name, expiresAt, cancellationToken)
            : Task.FromResult<Result<CreatedApiClient>>(Error.Forbidden("Only administrators can create platform clients."));

    /// <summary>A client of any tenant, for an operator or a platform credential.</summary>
    public async Task<Result<CreatedApiClient>> CreateForTenantAsync(Guid tenantId, string name, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default)
    {
        if (!user.ActsForPlatform)
            return Error.Forbidden("Only a platform credential or an administrator can create clients for a tenant.");
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
            return Error.NotFound("Tenant not found.");
        return await CreateAsync(tenantId, name, expiresAt, cancellationToken);
    }

    /// <summary>Revokes one of the tenant's clients (owners only), or a platform client (operators only).</summary>
    public async Task<Result<Guid>> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var (tenantId, admin) = (user.TenantId, user.IsAdmin);
        var client = await db.ApiClients.FirstOrDefaultAsync(
            c => c.Id == id && ((tenantId != null && c.TenantId == tenantId) || (admin && c.TenantId == null)), cancellationToken);
        if (client is null)
            return Error.NotFound("API client not found.");
        if (!client.IsPlatformClient && CredentialRules.RefuseUnlessOwner(user) is { } refused)
            return refused;
        client.Revoke(clock.GetUtcNow());
        Audit(client, client.IsPlatformClient ? AuditActions.PlatformApiClientRevoked : AuditActions.ApiClientRevoked);
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetClient(client.ClientId); // other hosts: within ApiCredentialCache.Lifetime
        return id;
    }

    /// <summary>The usable client with these credentials, or null (unknown, wrong secret, revoked or expired).
    /// Records the use (at most once per <see cref="LastUsedResolution"/>).</summary>
    public async Task<ApiClient?> AuthenticateAsync(string clientId, string clientSecret, CancellationToken cancellationToken = default)
    {
        var client = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        var now = clock.GetUtcNow();
        if (client is null || !client.IsUsable(now) || !client.Verifies(clientSecret))
            return null;
        if (client.LastUsedAt is not { } last || now - last >= LastUsedResolution)
            await db.ApiClients.IgnoreQueryFilters().Where(c => c.Id == client.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), cancellationToken);
        return client;
    }

    /// <summary>Whether the client is neither revoked nor expired (a remembered answer of at most
    /// <see cref="ApiCredentialCache.Lifetime"/>, never past the client's expiry).</summary>
    public async Task<bool> IsActiveAsync(string clientId, CancellationToken cancellationToken = default)
    {
        if (cache.IsKnownActiveClient(clientId))
            return true;
        var client = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        var active = client?.IsUsable(clock.GetUtcNow()) == true;
        if (active)
            cache.RememberActiveClient(clientId, client!.ExpiresAt);
        return active;
    }

    private async Task<Result<CreatedApiClient>> CreateAsync(Guid? tenantId, string name, DateTimeOffset? expiresAt,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (CredentialRules.Validate(name, expiresAt, now, "client") is { } invalid)
            return invalid;
        var (client, secret) = ApiClient.Create(tenantId, name.Trim(), now, expiresAt);
        db.ApiClients.Add(client);
        Audit(client, client.IsPlatformClient ? AuditActions.PlatformApiClientCreated : AuditActions.ApiClientCreated);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiClient(client.Id, client.Name, client.ClientId, secret, client.TenantId, client.CreatedAt, client.ExpiresAt);
    }

    private async Task<IReadOnlyList<ApiClientSummary>> ListAsync(IQueryable<ApiClient> clients, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await clients.AsNoTracking().ToListAsync(cancellationToken);
        return found.OrderByDescending(c => c.CreatedAt)
            .Select(c => new ApiClientSummary(c.Id, c.Name, c.ClientId, c.IsPlatformClient, c.CreatedAt, c.LastUsedAt, c.ExpiresAt,
                c.RevokedAt, CredentialRules.Status(c, now)))
            .ToList();
    }

    /// <summary>As for keys: platform clients in the platform log, a tenant's in its own.</summary>
    private void Audit(ApiClient client, string action)
    {
        var details = client.ExpiresAt is { } expiry ? $"Expires {expiry.UtcDateTime:yyyy-MM-dd HH:mm} UTC." : null;
        if (client.TenantId is { } tenantId)
            audit.RecordForTenant(tenantId, action, AuditTargets.ApiClient, client.ClientId, client.Name, details);
        else
            audit.RecordPlatform(action, AuditTargets.ApiClient, client.ClientId, client.Name, details);
    }
}
