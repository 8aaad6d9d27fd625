using Portal.E2E.Infrastructure;

namespace Portal.E2E.Pages;

/// <summary>/settings/api (the tenant's API keys and OAuth clients) and /settings/team.</summary>
public sealed class SettingsPages(IPage page, BlazorCircuit circuit) : ShellPage(page, circuit)
{
    public ILocator Section(string title) => Page.GetByRole(AriaRole.Region, new() { Name = title, Exact = true });

    public ILocator Table(string name) => Page.GetByRole(AriaRole.Table, new() { Name = name, Exact = true });

    public ILocator Row(string table, string name) => Table(table).Locator("tbody tr").Filter(new() { HasText = name });

    public ILocator OnceDialog => Page.GetByRole(AriaRole.Dialog).Filter(new() { Has = Page.Locator("[data-credential-once]") });

    /// <summary>The new secret in the once-only dialog (the first code block: the key, or the client id).</summary>
    public ILocator ShownValue(int index = 0) => OnceDialog.Locator("[data-credential-once] code").Nth(index);

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public async Task CreateAsync(string section, string name, string button)
    {
        await Section(section).GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Section(section).GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }
}
