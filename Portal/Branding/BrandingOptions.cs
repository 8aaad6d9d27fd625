namespace Portal.Branding;

/// <summary>The <c>Branding</c> section: how tenants see the portal. An admin's saved branding (stored document
/// "branding", <see cref="StoredBranding"/>) replaces it on every host without a restart.</summary>
public sealed class BrandingOptions
{
    public const string Section = "Branding";
    public const string DefaultProductName = "Portal";

    public string ProductName { get; set; } = DefaultProductName;

    /// <summary>An http(s) URL or a path on the portal (e.g. /brand/logo.svg); null shows the default mark.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>The accent colour as #rrggbb; null keeps the portal's own.</summary>
    public string? PrimaryColor { get; set; }

    /// <summary>Origins (https://host[:port]) whose pages may show the portal in a frame, besides the portal itself.</summary>
    public List<string> FrameAncestors { get; set; } = [];
}
