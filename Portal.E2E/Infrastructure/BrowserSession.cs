namespace Portal.E2E.Infrastructure;

/// <summary>A fresh browser context and page for one scenario, its Blazor circuit watcher and its screenshots.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly Screenshots _screenshots;

    public BrowserSession(IBrowserContext context, IPage page, Screenshots screenshots)
    {
        _context = context;
        _screenshots = screenshots;
        Page = page;
        Circuit = new BlazorCircuit(page);
    }

    public IPage Page { get; }

    public BlazorCircuit Circuit { get; }

    /// <summary>Runs one step of the scenario and saves a screenshot after it, also when it fails.</summary>
    public async Task StepAsync(string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        finally
        {
            await _screenshots.SaveAsync(Page, name);
        }
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
