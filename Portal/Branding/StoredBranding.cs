using Portal.Settings;

namespace Portal.Branding;

/// <summary>The branding an admin saved (stored document "branding"); replaces the <c>Branding</c> section.</summary>
public sealed record StoredBranding(string ProductName, string? LogoUrl, string? PrimaryColor, IReadOnlyList<string> FrameAncestors)
{
    public const string Name = "branding";

    public void ApplyTo(BrandingOptions options)
    {
        options.ProductName = ProductName;
        options.LogoUrl = LogoUrl;
        options.PrimaryColor = PrimaryColor;
        options.FrameAncestors = [.. FrameAncestors];
    }
}

public static class StoredBrandingExtensions
{
    /// <summary>Admin-edited branding reaches <c>IOptionsMonitor&lt;BrandingOptions&gt;</c> readers without a restart.</summary>
    public static IServiceCollection AddStoredBranding(this IServiceCollection services) =>
        services.AddStoredSettings<BrandingOptions, StoredBranding>(StoredBranding.Name, (options, stored, _) => stored.ApplyTo(options));
}
