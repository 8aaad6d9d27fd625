using Portal.Domain.Tenants;

namespace Portal.Features.Admin.Tenants;

/// <summary>A tenant as the platform API shows it.</summary>
public sealed record TenantSummary(Guid Id, string? ExternalId, string Name, TenantStatus Status, DateTimeOffset CreatedAt)
{
    public static TenantSummary From(Tenant tenant) =>
        new(tenant.Id, tenant.ExternalId, tenant.Name, tenant.Status, tenant.CreatedAt);
}
