namespace Portal.Identity;

public static class PortalClaimTypes
{
    public const string TenantId = "portal:tenant_id";
    public const string TenantName = "portal:tenant_name";

    /// <summary>The user's role in their tenant: <see cref="TenantRoles.Owner"/> or <see cref="TenantRoles.Member"/>.</summary>
    public const string TenantRole = "portal:tenant_role";

    /// <summary>"true" on a session opened by a platform link with embed on: the portal renders without its own chrome.</summary>
    public const string Embed = "portal:embed";
}

public static class PortalRoles
{
    public const string Admin = "Admin";
}

/// <summary>Roles within a tenant. Owners manage the tenant's API credentials and team; members use the portal.
/// A tenant's API credentials act as owners on the API.</summary>
public static class TenantRoles
{
    public const string Owner = "owner";
    public const string Member = "member";

    public static string Of(bool isOwner) => isOwner ? Owner : Member;
}
