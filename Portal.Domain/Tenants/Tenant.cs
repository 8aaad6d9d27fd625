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

    public Tenant(string name, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Name = Guard.NotBlank(name, "Tenant name", 100);
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public TenantStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsActive => Status == TenantStatus.Active;

    public void Rename(string name) => Name = Guard.NotBlank(name, "Tenant name", 100);

    public void Suspend() => Status = TenantStatus.Suspended;

    public void Reactivate() => Status = TenantStatus.Active;
}
