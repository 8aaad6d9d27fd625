namespace Portal.Data;

/// <summary>The tenant whose data the current request or circuit may see. Null for system work (jobs) and
/// anonymous requests: tenant-owned queries then return nothing unless they opt out of the filter explicitly.</summary>
public interface ICurrentTenant
{
    Guid? TenantId { get; }
}

/// <summary>No tenant: used at design time and by background work that ignores the tenant filter explicitly.</summary>
public sealed class NoTenant : ICurrentTenant
{
    public static NoTenant Instance { get; } = new();

    public Guid? TenantId => null;
}
