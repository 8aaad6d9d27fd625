namespace Portal.Data.Seeding;

/// <summary>The <c>Seed</c> section: the development seed's logins, demo API key and demo OAuth2 client (public contract, README).</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Seed at start-up. On by default in Development.</summary>
    public bool? Enabled { get; set; }
    public string AdminEmail { get; set; } = "admin@portal.local";
    public string DemoEmail { get; set; } = "demo@acme.test";
    public string Password { get; set; } = "Portal-demo-2026!";
    public string DemoApiKey { get; set; } = "pk_demo_acme_0123456789abcdef";

    /// <summary>A platform key (no tenant): the platform's backend creates tenants, publishes for any tenant and
    /// opens portal links with it (public contract).</summary>
    public string PlatformApiKey { get; set; } = "pk_platform_demo_0123456789abcdef";
    public string DemoClientId { get; set; } = "pc_demo_acme";
    public string DemoClientSecret { get; set; } = "pcs_demo_acme_0123456789abcdef";
    public string DemoTenantName { get; set; } = "Acme";
    public string OperatorsTenantName { get; set; } = "Platform operators";
}
