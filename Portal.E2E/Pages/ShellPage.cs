using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Pages;

/// <summary>The signed-in layout: app bar and navigation drawer around the current page's heading.</summary>
public class ShellPage(IPage page, BlazorCircuit circuit)
{
    protected IPage Page { get; } = page;

    public ILocator Heading(string text) => Page.GetByRole(AriaRole.Heading, new() { Name = text, Exact = true });

    /// <summary>A link of the navigation drawer (pages may link to the same place, e.g. the dashboard's shortcuts).</summary>
    public ILocator NavLink(string text) =>
        Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = text, Exact = true });

    public ILocator UserEmail(string email) => Page.GetByText(email, new() { Exact = true });

    public ILocator LogOut => Page.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true });

    public Task WaitUntilInteractiveAsync() => circuit.WaitUntilInteractiveAsync();

    public async Task NavigateAsync(string navLinkText)
    {
        await WaitUntilInteractiveAsync();
        await NavLink(navLinkText).ClickAsync();
    }

    public async Task<CataloguePage> OpenCatalogueAsync()
    {
        await NavigateAsync("Event catalogue");
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/catalogue$"));
        return new CataloguePage(Page, circuit);
    }
}
