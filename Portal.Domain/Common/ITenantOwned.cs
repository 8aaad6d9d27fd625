namespace Portal.Domain.Common;

/// <summary>Data that belongs to one tenant; the persistence layer filters it by the signed-in tenant.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
