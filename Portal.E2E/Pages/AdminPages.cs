using Portal.E2E.Infrastructure;

namespace Portal.E2E.Pages;

/// <summary>/admin (tenants), /admin/tenants/{id} and /admin/catalogue: the operators' pages.</summary>
public sealed class AdminPages(IPage page, BlazorCircuit circuit) : ShellPage(page, circuit)
{
    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public ILocator Confirm(string name) => Dialog.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator EventTypesTable => Page.GetByRole(AriaRole.Table, new() { Name = "Event types" });

    public async Task CreateEventTypeAsync(string name, string category, string description)
    {
        await Button("New event type").ClickAsync();
        await Dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Dialog.GetByLabel("Category", new() { Exact = true }).FillAsync(category);
        await Dialog.GetByLabel("Description", new() { Exact = true }).FillAsync(description);
        await Confirm("Save").ClickAsync();
    }

    public async Task CreateTenantAsync(string name)
    {
        await Page.GetByLabel("Organisation", new() { Exact = true }).FillAsync(name);
        await Button("Create tenant").ClickAsync();
    }
}
