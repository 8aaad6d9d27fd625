using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Access;

public sealed record CreatedApiClient(Guid Id, string Name, string ClientId, string ClientSecret);

public sealed record ApiClientSummary(Guid Id, string Name, string ClientId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The signed-in tenant's OAuth2 clients (client credentials grant): list, create (the secret is shown
/// once), revoke; and the credential check of the token endpoint.</summary>
public sealed class ApiClients(PortalDbContext db, CurrentUser user, AuditTrail audit, ApiCredentialCache cache, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiClientSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = user.TenantId;
        var clients = await db.ApiClients.AsNoTracking().Where(c => c.TenantId == tenantId).ToListAsync(cancellationToken);
        return clients.OrderByDescending(c => c.CreatedAt)
            .Select(c => new ApiClientSummary(c.Id, c.Name, c.ClientId, c.CreatedAt, c.RevokedAt)).ToList();
    }

    public async Task<Result<CreatedApiClient>> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        if (user.TenantId is not { } tenantId)
            return Error.NotFound("No tenant is signed in.");
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            return Error.Validation("name", "Give the client a name of at most 100 characters.");

        var (client, secret) = ApiClient.Create(tenantId, name.Trim(), clock.GetUtcNow());
        db.ApiClients.Add(client);
        audit.Record(AuditActions.ApiClientCreated, AuditTargets.ApiClient, client.ClientId, client.Name);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiClient(client.Id, client.Name, client.ClientId, secret);
    }

    public async Task<Result<Guid>> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var tenantId = user.TenantId;
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id && c.TenantId == tenantId, cancellationToken);
        if (client is null)
            return Error.NotFound("API client not found.");
        client.Revoke(clock.GetUtcNow());
        audit.Record(AuditActions.ApiClientRevoked, AuditTargets.ApiClient, client.ClientId, client.Name);
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetClient(client.ClientId); // other hosts: within ApiCredentialCache.Lifetime
        return id;
    }

    /// <summary>The active client with these credentials, or null (unknown, wrong secret or revoked).</summary>
    public async Task<ApiClient?> AuthenticateAsync(string clientId, string clientSecret, CancellationToken cancellationToken = default)
    {
        var client = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        return client is { IsRevoked: false } && client.Verifies(clientSecret) ? client : null;
    }

    /// <summary>Whether the client is not revoked (a remembered answer of at most <see cref="ApiCredentialCache.Lifetime"/>).</summary>
    public async Task<bool> IsActiveAsync(string clientId, CancellationToken cancellationToken = default)
    {
        if (cache.IsKnownActiveClient(clientId))
            return true;
        var active = await db.ApiClients.IgnoreQueryFilters()
            .AnyAsync(c => c.ClientId == clientId && c.RevokedAt == null, cancellationToken);
        if (active)
            cache.RememberActiveClient(clientId);
        return active;
    }
}
