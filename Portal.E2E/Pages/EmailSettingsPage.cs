using Portal.E2E.Infrastructure;

namespace Portal.E2E.Pages;

/// <summary>/admin/email: SMTP server, test e-mail, notification window and template.</summary>
public sealed class EmailSettingsPage(IPage page, BlazorCircuit circuit) : ShellPage(page, circuit)
{
    public ILocator Field(string name) => Page.Locator($"[data-field={name}]");

    public ILocator SendTest => Page.GetByRole(AriaRole.Button, new() { Name = "Send test e-mail", Exact = true });

    public ILocator Save => Page.GetByRole(AriaRole.Button, new() { Name = "Save settings", Exact = true });

    /// <summary>The test e-mail's outcome: "sent" or "failed".</summary>
    public ILocator TestResult(string outcome) => Page.Locator($"[data-test-email={outcome}]");

    public ILocator Source(string source) => Page.Locator($"[data-settings-source={source}]");

    public async Task ConfigureSmtpAsync(string host, int port, string tls)
    {
        // The select first: its popover closes before the next field takes the focus.
        await Field("security").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = tls }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Option, new() { Name = tls })).ToHaveCountAsync(0);
        await Field("host").FillAsync(host);
        await Field("port").FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Field("from").ClickAsync(); // leaves the port field: its change is sent
    }
}
