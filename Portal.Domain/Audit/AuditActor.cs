namespace Portal.Domain.Audit;

/// <summary>Who made a change: a signed-in user, an API key, an OAuth client, or the system itself.</summary>
public sealed record AuditActor(AuditActorKind Kind, string? Id, string Display)
{
    public static AuditActor System { get; } = new(AuditActorKind.System, null, "system");

    public static AuditActor User(string id, string email) => new(AuditActorKind.User, id, email);

    public static AuditActor ApiKey(string id, string name) => new(AuditActorKind.ApiKey, id, $"API key {name}");

    public static AuditActor OAuthClient(string clientId) => new(AuditActorKind.OAuthClient, clientId, $"OAuth client {clientId}");
}

public enum AuditActorKind
{
    System,
    User,
    ApiKey,
    OAuthClient,
}
