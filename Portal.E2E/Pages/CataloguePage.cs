using Portal.E2E.Infrastructure;

namespace Portal.E2E.Pages;

/// <summary>/catalogue: one section per category, each event type with its name, description and sample payload.</summary>
public sealed class CataloguePage(IPage page, BlazorCircuit circuit) : ShellPage(page, circuit)
{
    public ILocator PageHeading => Heading("Event catalogue");

    public ILocator Category(string name) => Heading(name);

    /// <summary>The name also appears in sample payloads, so the first occurrence stands for the entry.</summary>
    public ILocator EventType(string name) => Page.GetByText(name).First;
}
