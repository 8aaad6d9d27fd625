using Portal.Access;
using Portal.Common;

namespace Portal.Api;

/// <summary>Create an API key or OAuth client: a name (1–100 characters) and an optional expiry in the future.</summary>
public sealed record CredentialRequest(string? Name, DateTimeOffset? ExpiresAt);

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string Status)
{
    public static ApiKeyResponse From(ApiKeySummary k) =>
        new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.RevokedAt, ApiNames.Of(k.Status));
}

/// <summary>The answer to create: the only time <see cref="Key"/> is shown.</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Key, string Prefix, Guid? TenantId,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public static CreatedApiKeyResponse From(CreatedApiKey k) =>
        new(k.Id, k.Name, k.Value, k.Prefix, k.TenantId, k.CreatedAt, k.ExpiresAt);
}

public sealed record ApiClientResponse(Guid Id, string Name, string ClientId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string Status)
{
    public static ApiClientResponse From(ApiClientSummary c) =>
        new(c.Id, c.Name, c.ClientId, c.CreatedAt, c.LastUsedAt, c.ExpiresAt, c.RevokedAt, ApiNames.Of(c.Status));
}

/// <summary>The answer to create: the only time <see cref="ClientSecret"/> is shown.</summary>
public sealed record CreatedApiClientResponse(Guid Id, string Name, string ClientId, string ClientSecret, Guid? TenantId,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public static CreatedApiClientResponse From(CreatedApiClient c) =>
        new(c.Id, c.Name, c.ClientId, c.ClientSecret, c.TenantId, c.CreatedAt, c.ExpiresAt);
}
