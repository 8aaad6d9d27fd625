namespace Portal.Identity;

public static class PortalClaimTypes
{
    public const string TenantId = "portal:tenant_id";
    public const string TenantName = "portal:tenant_name";

    /// <summary>"true" on a session opened by a platform link with embed on: the portal renders without its own chrome.</summary>
    public const string Embed = "portal:embed";
}

public static class PortalRoles
{
    public const string Admin = "Admin";
}
