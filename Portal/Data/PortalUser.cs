using Microsoft.AspNetCore.Identity;

namespace Portal.Data;

/// <summary>A person who signs in. Every user belongs to exactly one tenant.</summary>
public class PortalUser : IdentityUser
{
    public Guid TenantId { get; set; }

    /// <summary>An owner of the tenant (who registered it, or whom an owner made one): manages its API credentials
    /// and its team. Other users are members.</summary>
    public bool IsTenantOwner { get; set; }
}
