using Portal.E2E.Infrastructure;

namespace Portal.E2E.Pages;

/// <summary>/admin/branding: product name, logo, colour (with a preview) and the sites allowed to frame the portal.</summary>
public sealed class BrandingPage(IPage page, BlazorCircuit circuit) : ShellPage(page, circuit)
{
    public ILocator Field(string name) => Page.Locator($"[data-field={name}]");

    public ILocator Save => Page.GetByRole(AriaRole.Button, new() { Name = "Save branding", Exact = true });

    public ILocator PreviewName => Page.Locator("[data-preview-name]");

    public ILocator Source(string source) => Page.Locator($"[data-settings-source={source}]");

    /// <summary>The app bar's brand (logo or mark, and the product name).</summary>
    public ILocator AppBarBrand => Page.Locator(".portal-appbar [data-brand]");

    public async Task FillAsync(string productName, string? primaryColor, string? frameAncestors)
    {
        await Field("productName").FillAsync(productName);
        await Field("primaryColor").FillAsync(primaryColor ?? "");
        await Field("frameAncestors").FillAsync(frameAncestors ?? "");
        await Field("logoUrl").ClickAsync(); // leaves the last field: its change is sent
    }

    /// <summary>Saves; the page reloads so the layout shows the new branding.</summary>
    public async Task SaveAsync()
    {
        await Save.ClickAsync();
        await Assertions.Expect(Source("stored")).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync();
    }
}
