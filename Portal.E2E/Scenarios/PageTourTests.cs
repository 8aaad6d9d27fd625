using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

/// <summary>Every tenant and admin page: usable on a 390 px phone (nothing wider than the screen) and free of serious
/// or critical axe-core (WCAG 2 A/AA) violations, in the light and the dark theme.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class PageTourTests(PortalFixture portal)
{
    private const string AdminEmail = "admin@portal.local";
    private const string AdminPassword = "Portal-demo-2026!";

    private static readonly string[] InvoiceStatus = ["invoice.status"];

    private static readonly string[] TenantPages =
        ["", "catalogue", "subscriptions", "subscriptions/new", "deliveries", "audit", "inbox", "settings/api", "settings/team"];

    private static readonly string[] AdminPages =
        ["admin", "admin/catalogue", "admin/email", "admin/dispatcher", "admin/health", "admin/outbox", "admin/audit",
         "admin/api-keys", "admin/branding"];

    [Fact]
    public async Task Every_page_fits_a_390_px_phone()
    {
        await using var receiver = new LoopbackReceiver();
        await EnsureSubscriptionAsync(receiver.Url);
        var problems = new List<string>();
        foreach (var (email, password, pages) in Tours())
        {
            await using var session = await portal.NewSessionAsync($"phone-{email.Split('@')[0]}", PortalFixture.Phone);
            await SignInAsync(session, email, password);
            foreach (var path in await WithDetailPagesAsync(session, pages))
            {
                await session.StepAsync(Slug(path), async () =>
                {
                    await OpenAsync(session, path);
                    var overflow = await session.Page.EvaluateAsync<string[]>("""
                        () => {
                          const wide = [];
                          const root = document.documentElement;
                          if (root.scrollWidth > root.clientWidth) wide.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
                          for (const el of document.querySelectorAll('.mud-table-container, .mud-main-content, .portal-panel, .mud-tabs'))
                            if (el.scrollWidth > el.clientWidth + 1) wide.push(`${el.className.split(' ')[0]} ${el.scrollWidth} > ${el.clientWidth}`);
                          return wide;
                        }
                        """);
                    problems.AddRange(overflow.Select(o => $"/{path}: {o}"));
                });
            }
        }
        Assert.True(problems.Count == 0, "Wider than a 390 px phone:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_page_has_no_serious_accessibility_violations_in_light_and_dark()
    {
        await using var receiver = new LoopbackReceiver();
        await EnsureSubscriptionAsync(receiver.Url);
        var problems = new List<string>();
        foreach (var (email, password, pages) in Tours())
        {
            await using var session = await portal.NewSessionAsync($"axe-{email.Split('@')[0]}");
            await SignInAsync(session, email, password);
            var all = await WithDetailPagesAsync(session, pages);
            foreach (var theme in new[] { "light", "dark" })
            {
                await session.Page.Context.AddCookiesAsync([new Cookie
                {
                    Name = "portal-theme", Value = theme, Url = portal.Server.BaseAddress.ToString(),
                }]);
                foreach (var path in all)
                {
                    await session.StepAsync($"{theme}-{Slug(path)}", async () =>
                    {
                        await OpenAsync(session, path);
                        problems.AddRange((await Axe.SeriousViolationsAsync(session.Page)).Select(v => $"/{path} [{theme}] {v}"));
                    });
                }
            }
        }
        Assert.True(problems.Count == 0, "axe-core (WCAG 2 A/AA, serious or critical):\n" + string.Join('\n', problems));
    }

    private static IEnumerable<(string Email, string Password, string[] Pages)> Tours() =>
        [(DemoUser.Email, DemoUser.Password, TenantPages), (AdminEmail, AdminPassword, AdminPages)];

    /// <summary>A subscription of the demo tenant, so the list, its endpoint page and its editor have content.</summary>
    private async Task EnsureSubscriptionAsync(string url)
    {
        using var api = new HttpClient { BaseAddress = portal.Server.BaseAddress };
        api.DefaultRequestHeaders.Add("X-API-Key", "pk_demo_acme_0123456789abcdef");
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api,
            new Uri("api/v1/subscriptions", UriKind.Relative),
            new { name = $"Tour {Guid.NewGuid():N}"[..13], url, eventTypes = InvoiceStatus });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task SignInAsync(BrowserSession session, string email, string password)
    {
        await new LoginPage(session.Page).GotoAsync();
        await new LoginPage(session.Page).SignInAsync(email, password);
        await Expect(session.Page).Not.ToHaveURLAsync(LoginPage.UrlPattern());
    }

    /// <summary>Adds the pages reached through a list: the first subscription's page and editor, the first tenant.</summary>
    private static async Task<List<string>> WithDetailPagesAsync(BrowserSession session, string[] pages)
    {
        var all = pages.ToList();
        var list = pages.Contains("subscriptions") ? "subscriptions" : "admin";
        await OpenAsync(session, list);
        var pattern = list == "subscriptions" ? SubscriptionLink() : TenantLink();
        await Expect(session.Page.Locator(".mud-main-content table a[href]").First).ToBeVisibleAsync();
        foreach (var href in await session.Page.Locator(".mud-main-content a[href]").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"))
        {
            if (pattern.IsMatch(href))
            {
                var path = href.TrimStart('/');
                all.Add(path);
                if (list == "subscriptions")
                    all.Add(path + "/edit");
                break;
            }
        }
        Assert.True(all.Count > pages.Length, $"No detail page linked from /{list}.");
        return all;
    }

    private static async Task OpenAsync(BrowserSession session, string path)
    {
        await session.Page.GotoAsync(path);
        await session.Circuit.WaitUntilInteractiveAsync();
        await Expect(session.Page.Locator(".mud-main-content h1").First).ToBeVisibleAsync();
        // The title comes with the page's head content, which may land just after its heading: every page has one.
        await Expect(session.Page).ToHaveTitleAsync(NonEmpty());
    }

    private static string Slug(string path) => path.Length == 0 ? "dashboard" : path.Replace('/', '-');

    [GeneratedRegex(@"\S")]
    private static partial Regex NonEmpty();

    [GeneratedRegex("^/subscriptions/[0-9a-f-]{36}$")]
    private static partial Regex SubscriptionLink();

    [GeneratedRegex("^/admin/tenants/[0-9a-f-]{36}$")]
    private static partial Regex TenantLink();
}
