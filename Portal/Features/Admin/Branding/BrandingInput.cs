using Portal.Branding;

namespace Portal.Features.Admin.Branding;

/// <summary>The branding form: bound by the page, checked by <see cref="BrandingInputValidator"/>.</summary>
public sealed class BrandingInput
{
    public string ProductName { get; set; } = BrandingOptions.DefaultProductName;
    public string? LogoUrl { get; set; }
    public string? PrimaryColor { get; set; }

    /// <summary>One origin per line.</summary>
    public string? FrameAncestors { get; set; }

    public static BrandingInput FromOptions(BrandingOptions options) => new()
    {
        ProductName = options.ProductName,
        LogoUrl = options.LogoUrl,
        PrimaryColor = options.PrimaryColor,
        FrameAncestors = string.Join('\n', options.FrameAncestors),
    };
}
