using Portal.Common;
using Portal.Domain.Access;
using Portal.Identity;

namespace Portal.Access;

public enum CredentialStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>What API keys and OAuth clients have in common: their name and expiry rules, their status, and who may
/// manage a tenant's.</summary>
internal static class CredentialRules
{
    public const int MaxNameLength = 100;

    public const string OwnersOnly = "Only the tenant's owners can create or revoke its API credentials.";

    /// <summary>Every field error at once (name, expiresAt), or null.</summary>
    public static Error? Validate(string? name, DateTimeOffset? expiresAt, DateTimeOffset now, string what)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
            errors["name"] = [$"Give the {what} a name of at most {MaxNameLength} characters."];
        if (expiresAt is { } expiry && expiry <= now)
            errors["expiresAt"] = ["Choose an expiry in the future, or none."];
        return errors.Count == 0 ? null : new Error(ErrorKind.Validation, errors.First().Value[0], errors);
    }

    public static CredentialStatus Status(ApiKey key, DateTimeOffset now) => Status(key.IsRevoked, key.IsExpired(now));

    public static CredentialStatus Status(ApiClient client, DateTimeOffset now) => Status(client.IsRevoked, client.IsExpired(now));

    private static CredentialStatus Status(bool revoked, bool expired) =>
        revoked ? CredentialStatus.Revoked : expired ? CredentialStatus.Expired : CredentialStatus.Active;

    /// <summary>Null when <paramref name="user"/> may manage the credentials of their own tenant.</summary>
    public static Error? RefuseUnlessOwner(CurrentUser user) =>
        user.TenantId is null ? Error.NotFound("No tenant is signed in.")
        : user.IsTenantOwner ? null
        : Error.Forbidden(OwnersOnly);
}
