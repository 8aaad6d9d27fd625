using Portal.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Pages;

/// <summary>/subscriptions: the list with its row actions, and /subscriptions/new: the form.</summary>
public sealed class SubscriptionsPage(IPage page, BlazorCircuit circuit) : ShellPage(page, circuit)
{
    public ILocator Table => Page.GetByRole(AriaRole.Table, new() { Name = "Subscriptions" });

    public ILocator Row(string name) => Table.Locator("tr").Filter(new() { Has = Page.Locator($"[data-subscription='{name}']") });

    public ILocator NewSubscription => Page.GetByRole(AriaRole.Link, new() { Name = "New subscription" }).First;

    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator SecretDialog => Page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Your signing secret" });

    public async Task GotoAsync()
    {
        await Page.GotoAsync("subscriptions");
        await WaitUntilInteractiveAsync();
    }

    public ILocator EventTypeChip(string eventType) => Page.Locator($"[data-event-type-chip='{eventType}']");

    /// <summary>Types the name into the searchable picker and picks it; done once its chip shows (the form's state
    /// has it) and the list has closed, so the next click lands on the page, not on the list.</summary>
    public async Task PickEventTypeAsync(string eventType)
    {
        var search = Page.Locator("input[data-field=eventTypes]");
        await search.FillAsync(eventType);
        await Page.Locator($"[data-option='{eventType}']").ClickAsync();
        await Expect(EventTypeChip(eventType)).ToBeVisibleAsync();
        await search.PressAsync("Escape");
        await Expect(Page.Locator("[data-option]")).ToHaveCountAsync(0);
    }

    public async Task RowActionAsync(string name, string action)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = $"More actions for {name}" }).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = action }).ClickAsync();
    }
}
