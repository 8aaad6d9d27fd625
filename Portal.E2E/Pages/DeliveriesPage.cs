using Portal.E2E.Infrastructure;

namespace Portal.E2E.Pages;

/// <summary>/deliveries: the server-paged history and the attempt timeline dialog.</summary>
public sealed class DeliveriesPage(IPage page, BlazorCircuit circuit) : ShellPage(page, circuit)
{
    public ILocator Table => Page.GetByRole(AriaRole.Table, new() { Name = "Deliveries" });

    public ILocator Rows(string subscription) => Table.Locator("tbody tr").Filter(new() { HasText = subscription });

    public ILocator Timeline => Page.GetByRole(AriaRole.Dialog);

    public async Task GotoAsync()
    {
        await Page.GotoAsync("deliveries");
        await WaitUntilInteractiveAsync();
    }
}
