using Microsoft.AspNetCore.Identity;

namespace Portal.Data;

/// <summary>A person who signs in. Every user belongs to exactly one tenant.</summary>
public class PortalUser : IdentityUser
{
    public Guid TenantId { get; set; }

    /// <summary>The user who created the tenant by registering.</summary>
    public bool IsTenantOwner { get; set; }
}
