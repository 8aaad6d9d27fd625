using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

/// <summary>The platform's hand-off, as its backend and its customers meet it: an admin brands the portal and allows
/// the platform's site to frame it; the platform asks for portal links with its key (the public contract) and its
/// customer opens them — plain, embedded, and inside the platform's own page.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class HandoffTests(PortalFixture portal)
{
    private const string AdminEmail = "admin@portal.local";
    private const string AdminPassword = "Portal-demo-2026!";
    private const string PlatformKey = "pk_platform_demo_0123456789abcdef";
    private const string ProductName = "Acme Hooks";

    [Fact]
    public async Task Platform_links_open_the_branded_portal_signed_in_plain_embedded_and_framed_by_the_platforms_page()
    {
        await using var framing = new FramingPage();
        await using var admin = await portal.NewSessionAsync("handoff-admin");
        var branding = new BrandingPage(admin.Page, admin.Circuit);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var tenantName = $"Handoff Org {suffix}";
        var email = $"jane-{suffix}@customer.test";

        await new LoginPage(admin.Page).GotoAsync();
        await new LoginPage(admin.Page).SignInAsync(AdminEmail, AdminPassword);
        try
        {
            var tenantId = await CreateTenantAsync(admin, tenantName);

            await admin.StepAsync("branding", async () =>
            {
                await branding.NavigateAsync("Branding");
                await Expect(admin.Page).ToHaveURLAsync(new Regex("/admin/branding$"));
                await branding.WaitUntilInteractiveAsync();
                await branding.FillAsync(ProductName, "#0f766e", framing.Origin);
                await Expect(branding.PreviewName).ToHaveTextAsync(ProductName);
            });
            await admin.StepAsync("branding-saved", async () =>
            {
                await branding.SaveAsync();
                await Expect(branding.AppBarBrand).ToContainTextAsync(ProductName);
                await Expect(admin.Page).ToHaveTitleAsync($"Branding · {ProductName}");
            });
            await admin.StepAsync("branding-phone", async () =>
            {
                await admin.Page.SetViewportSizeAsync(390, 844);
                await Expect(branding.Field("frameAncestors")).ToHaveValueAsync(framing.Origin);
            });

            // The customer, handed over by the platform: signed in at once, in the branded portal.
            var link = await CreateLinkAsync(tenantId, new { email });
            await using (var customer = await portal.NewSessionAsync("handoff"))
            {
                var shell = new ShellPage(customer.Page, customer.Circuit);
                await customer.StepAsync("signed-in", async () =>
                {
                    await customer.Page.GotoAsync(link.ToString());
                    await Expect(shell.Heading("Dashboard")).ToBeVisibleAsync();
                    await Expect(shell.UserEmail(email)).ToBeVisibleAsync();
                    await Expect(customer.Page.Locator(".portal-tenant")).ToHaveTextAsync(tenantName);
                    await Expect(customer.Page.Locator(".portal-appbar [data-brand]")).ToContainTextAsync(ProductName);
                    await Expect(customer.Page).ToHaveTitleAsync($"Dashboard · {ProductName}");
                });
                await customer.StepAsync("signed-in-phone", async () =>
                {
                    await customer.Page.SetViewportSizeAsync(390, 844);
                    await Expect(shell.Heading("Dashboard")).ToBeVisibleAsync();
                });
                await customer.StepAsync("link-used-again", async () =>
                {
                    await customer.Page.GotoAsync(link.ToString());
                    await Expect(customer.Page.GetByRole(AriaRole.Heading, new() { Name = "Link already used" })).ToBeVisibleAsync();
                });
            }

            // Embedded: the same portal without its app bar and menu.
            var embedded = await CreateLinkAsync(tenantId, new { email, embed = true, returnUrl = "/subscriptions" });
            await using (var customer = await portal.NewSessionAsync("handoff-embedded"))
            {
                var shell = new ShellPage(customer.Page, customer.Circuit);
                await customer.StepAsync("embedded", async () =>
                {
                    await customer.Page.GotoAsync(embedded.ToString());
                    await Expect(customer.Page).ToHaveURLAsync(new Regex("/subscriptions$"));
                    await Expect(shell.Heading("Subscriptions")).ToBeVisibleAsync();
                    await Expect(customer.Page.Locator("[data-embedded=true]")).ToBeVisibleAsync();
                    await Expect(customer.Page.Locator(".portal-appbar")).ToHaveCountAsync(0);
                    await Expect(customer.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
                });
                await customer.StepAsync("embedded-phone", async () =>
                {
                    await customer.Page.SetViewportSizeAsync(390, 844);
                    await Expect(shell.Heading("Subscriptions")).ToBeVisibleAsync();
                });
            }

            // Inside the platform's own page (another origin the admin allowed): the frame signs in and shows the portal.
            var framed = await CreateLinkAsync(tenantId, new { email, embed = true, returnUrl = "/subscriptions" });
            await using (var customer = await portal.NewSessionAsync("handoff-iframe"))
            {
                await customer.StepAsync("framed", async () =>
                {
                    await customer.Page.GotoAsync(framing.Show(framed));
                    var frame = customer.Page.FrameLocator("iframe[title='Webhooks portal']");
                    await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "Subscriptions", Exact = true })).ToBeVisibleAsync();
                    await Expect(frame.Locator("[data-embedded=true]")).ToBeVisibleAsync();
                    await Expect(frame.Locator(".portal-appbar")).ToHaveCountAsync(0);
                });
            }
        }
        finally
        {
            await admin.Page.SetViewportSizeAsync(1366, 900);
            await admin.Page.GotoAsync("admin/branding");
            await branding.WaitUntilInteractiveAsync();
            await branding.FillAsync("Portal", null, null);
            await branding.SaveAsync();
        }
    }

    private static async Task<Guid> CreateTenantAsync(BrowserSession admin, string name)
    {
        var pages = new AdminPages(admin.Page, admin.Circuit);
        await pages.NavigateAsync("Overview");
        await pages.WaitUntilInteractiveAsync();
        await pages.CreateTenantAsync(name);
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(admin.Page).ToHaveURLAsync(TenantUrl());
        return Guid.Parse(TenantUrl().Match(admin.Page.Url).Groups["id"].Value);
    }

    /// <summary>POST /api/v1/tenants/{id}/portal-sessions with the seeded platform key, as the platform's backend does.</summary>
    private async Task<Uri> CreateLinkAsync(Guid tenantId, object body)
    {
        using var http = new HttpClient { BaseAddress = portal.Server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", PlatformKey);
        using var response = await http.PostAsJsonAsync(new Uri($"api/v1/tenants/{tenantId}/portal-sessions", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        return new Uri(JsonNode.Parse(text)!["url"]!.GetValue<string>());
    }

    [GeneratedRegex("/admin/tenants/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex TenantUrl();
}
