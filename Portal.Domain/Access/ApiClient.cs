using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>An OAuth2 client (client credentials grant) of one tenant, or of the platform (no tenant: an operators'
/// backend that acts on any tenant). Only the secret's SHA-256 hash is stored; the secret is shown once at creation.
/// Both values are random and long, so a plain hash is enough.</summary>
public sealed class ApiClient
{
    public const string ClientIdPrefix = "pc_";
    public const string SecretPrefix = "pcs_";

    private ApiClient() { Name = ClientId = SecretHash = ""; }

    private ApiClient(Guid? tenantId, string name, string clientId, string secret, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        if (expiresAt is { } expiry && expiry <= now)
            throw new DomainException("A client's expiry must be in the future.");
        ExpiresAt = expiresAt;
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        Name = Guard.NotBlank(name, "Client name", 100);
        ClientId = clientId;
        SecretHash = HashSecret(secret);
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid? TenantId { get; private set; }
    public string Name { get; private set; }
    public string ClientId { get; private set; }
    public string SecretHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>When the client stops working by itself; null: never.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>When the client last obtained a token.</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    public bool IsPlatformClient => TenantId is null;
    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;

    /// <summary>Whether the client may obtain a token at <paramref name="now"/>.</summary>
    public bool IsUsable(DateTimeOffset now) => !IsRevoked && !IsExpired(now);

    /// <summary>Creates a client with a fresh id and secret; returns the secret, which is never stored.</summary>
    public static (ApiClient Client, string Secret) Create(Guid? tenantId, string name, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        var clientId = ClientIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (new ApiClient(tenantId, name, clientId, secret, now, expiresAt), secret);
    }

    /// <summary>A client with credentials chosen by configuration (the development seed's demo client).</summary>
    public static ApiClient FromKnownValues(Guid? tenantId, string name, string clientId, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > 40)
            throw new DomainException("A client id must be 1–40 characters.");
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < 16)
            throw new DomainException("A client secret must be at least 16 characters.");
        return new ApiClient(tenantId, name, clientId, secret, now);
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time comparison of a presented secret with the stored hash.</summary>
    public bool Verifies(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(secret)), Encoding.ASCII.GetBytes(SecretHash));

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
