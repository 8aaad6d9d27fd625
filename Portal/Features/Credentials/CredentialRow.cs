using Portal.Access;

namespace Portal.Features.Credentials;

/// <summary>One line of a credentials table: an API key (identified by its prefix) or an OAuth client (by its id).</summary>
public sealed record CredentialRow(Guid Id, string Name, string Identifier, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt, CredentialStatus Status)
{
    public static CredentialRow From(ApiKeySummary k) =>
        new(k.Id, k.Name, k.Prefix + "…", k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.Status);

    public static CredentialRow From(ApiClientSummary c) =>
        new(c.Id, c.Name, c.ClientId, c.CreatedAt, c.LastUsedAt, c.ExpiresAt, c.Status);
}

/// <summary>What the once-only dialog shows of a new credential: captioned values and how to use them.</summary>
public sealed record CreatedCredential(string Title, string Usage, IReadOnlyList<KeyValuePair<string, string>> Values)
{
    public static CreatedCredential From(CreatedApiKey key) =>
        new($"API key “{key.Name}”", "Send it in the X-API-Key header of your requests to /api/v1.",
            [new("API key", key.Value)]);

    public static CreatedCredential From(CreatedApiClient client) =>
        new($"OAuth client “{client.Name}”",
            "Get an access token from POST /oauth/token (grant_type=client_credentials, with this id and secret), then send it as Authorization: Bearer <token>.",
            [new("Client ID", client.ClientId), new("Client secret", client.ClientSecret)]);
}
