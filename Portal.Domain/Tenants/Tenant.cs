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
    private Tenant() { Name = ""; }

    public const int MaxExternalIdLength = 200;

    public Tenant(string name, DateTimeOffset now, string? externalId = null)
    {
        Id = Guid.CreateVersion7(now);
        Name = Guard.NotBlank(name, "Tenant name", 100);
        CreatedAt = now;
        SetExternalId(externalId);
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public TenantStatus Status { get; private set; }

    /// <summary>The platform's own id of this customer (unique), so its backend never needs Portal's GUIDs.</summary>
    public string? ExternalId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsActive => Status == TenantStatus.Active;

    public void Rename(string name) => Name = Guard.NotBlank(name, "Tenant name", 100);

    /// <summary>Sets or clears the platform's id; blank clears it.</summary>
    public void SetExternalId(string? externalId) =>
        ExternalId = string.IsNullOrWhiteSpace(externalId) ? null : Guard.NotBlank(externalId, "External id", MaxExternalIdLength);

    public void Suspend() => Status = TenantStatus.Suspended;

    public void Reactivate() => Status = TenantStatus.Active;
}
