namespace Portal.Identity;

public static class PortalClaimTypes
{
    public const string TenantId = "portal:tenant_id";
    public const string TenantName = "portal:tenant_name";
}

public static class PortalRoles
{
    public const string Admin = "Admin";
}
