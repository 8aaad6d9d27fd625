using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Components.Layout;

namespace Portal.Branding;

/// <summary>The branding as it applies now (configuration, or what an admin saved), with its MudBlazor theme built once
/// per change rather than per render.</summary>
public sealed class Brand(IOptionsMonitor<BrandingOptions> options)
{
    private (string? Color, MudTheme Theme) _theme = (null, PortalTheme.Theme);

    private BrandingOptions Current => options.CurrentValue;

    public string ProductName => string.IsNullOrWhiteSpace(Current.ProductName) ? BrandingOptions.DefaultProductName : Current.ProductName;

    public string? LogoUrl => BrandingRules.IsLogoUrl(Current.LogoUrl) ? Current.LogoUrl : null;

    public MudTheme Theme
    {
        get
        {
            var color = BrandingRules.IsColor(Current.PrimaryColor) ? Current.PrimaryColor : null;
            var cached = _theme;
            if (cached.Color == color)
                return cached.Theme;
            var theme = PortalTheme.Create(color);
            _theme = (color, theme);
            return theme;
        }
    }

    /// <summary>Other sites allowed to frame the portal (valid origins only).</summary>
    public IReadOnlyList<string> FrameAncestors =>
        Current.FrameAncestors.Select(BrandingRules.NormalizeOrigin).OfType<string>().Distinct().ToList();

    /// <summary>"Name · Product", the browser tab's title.</summary>
    public string Title(string page) => $"{page} · {ProductName}";
}
