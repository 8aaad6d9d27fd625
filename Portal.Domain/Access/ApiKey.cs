using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>A key for the public API. Only its SHA-256 hash is stored; the value is shown once at creation.
/// A key without a tenant is a platform key (operators' backend) that may publish for any tenant.</summary>
public sealed class ApiKey
{
    public const string ValuePrefix = "pk_";

    private ApiKey() { Name = Prefix = Hash = ""; }

    private ApiKey(Guid? tenantId, string name, string value, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        if (expiresAt is { } expiry && expiry <= now)
            throw new DomainException("An API key's expiry must be in the future.");
        ExpiresAt = expiresAt;
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        Name = Guard.NotBlank(name, "Key name", 100);
        Prefix = value.Length <= 10 ? value : value[..10];
        Hash = HashValue(value);
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid? TenantId { get; private set; }
    public string Name { get; private set; }

    /// <summary>The first characters of the key, so a user can tell keys apart.</summary>
    public string Prefix { get; private set; }
    public string Hash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>When the key stops working by itself; null: never.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool IsPlatformKey => TenantId is null;
    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;

    /// <summary>Creates a key with a fresh random value; returns the value, which is never stored.</summary>
    public static (ApiKey Key, string Value) Create(Guid? tenantId, string name, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        var value = ValuePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return (new ApiKey(tenantId, name, value, now, expiresAt), value);
    }

    /// <summary>Creates a key with a value chosen by configuration (the development seed's demo key).</summary>
    public static ApiKey FromKnownValue(Guid? tenantId, string name, string value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length < 16)
            throw new DomainException("An API key value must be at least 16 characters.");
        return new ApiKey(tenantId, name, value, now);
    }

    public static string HashValue(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
