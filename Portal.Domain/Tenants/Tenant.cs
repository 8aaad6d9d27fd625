using Portal.Domain.Common;

namespace Portal.Domain.Tenants;

public enum TenantStatus
{
    Active,
    Suspended,
}

/// <summary>A customer of the platform; owns users, subscriptions, events and deliveries.</summary>
public sealed class Tenant
{
    private Tenant() { Name = NormalizedName = ""; }

    public const int MaxExternalIdLength = 200;

    public Tenant(string name, DateTimeOffset now, string? externalId = null)
    {
        Id = Guid.CreateVersion7(now);
        Name = Guard.NotBlank(name, "Tenant name", 100);
        NormalizedName = Normalize(Name);
        CreatedAt = now;
        SetExternalId(externalId);
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>The name in one letter case, unique: "acme" and "Acme" cannot both exist, even when created at the
    /// same moment (the database's unique index decides the race).</summary>
    public string NormalizedName { get; private set; }
    public TenantStatus Status { get; private set; }

    /// <summary>The platform's own id of this customer (unique), so its backend never needs Portal's GUIDs.</summary>
    public string? ExternalId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsActive => Status == TenantStatus.Active;

    public void Rename(string name)
    {
        Name = Guard.NotBlank(name, "Tenant name", 100);
        NormalizedName = Normalize(Name);
    }

    /// <summary>The form names are compared in: trimmed, upper case (invariant culture).</summary>
    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    /// <summary>Sets or clears the platform's id; blank clears it.</summary>
    public void SetExternalId(string? externalId) =>
        ExternalId = string.IsNullOrWhiteSpace(externalId) ? null : Guard.NotBlank(externalId, "External id", MaxExternalIdLength);

    public void Suspend() => Status = TenantStatus.Suspended;

    public void Reactivate() => Status = TenantStatus.Active;
}
