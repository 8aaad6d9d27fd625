using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

[Collection(PortalCollection.Name)]
public sealed class EndpointPageTests(PortalFixture portal)
{
    private const string DemoApiKey = "pk_demo_acme_0123456789abcdef";

    [Fact]
    public async Task The_endpoint_page_charts_deliveries_by_outcome_and_resends_a_failing_one()
    {
        await using var receiver = new LoopbackReceiver();
        using var api = new HttpClient { BaseAddress = portal.Server.BaseAddress };
        api.DefaultRequestHeaders.Add("X-API-Key", DemoApiKey);
        var name = $"Ledger {Guid.NewGuid():N}"[..14];
        var eventType = "invoice.status";
        var id = await CreateSubscriptionAsync(api, name, receiver.Url, eventType);

        await PublishAsync(api, eventType);
        await PublishAsync(api, eventType);
        await WaitAsync(() => receiver.Received.Count >= 2);
        receiver.StatusCode = 500;
        await PublishAsync(api, eventType);
        await WaitAsync(() => receiver.Received.Count >= 3);

        await using var session = await portal.NewSessionAsync("endpoint-page");
        var page = session.Page;
        var shell = new ShellPage(page, session.Circuit);
        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync(DemoUser.Email, DemoUser.Password);

        await session.StepAsync("overview", async () =>
        {
            await page.GotoAsync($"subscriptions/{id}");
            await shell.WaitUntilInteractiveAsync();
            await Expect(shell.Heading(name)).ToBeVisibleAsync();
            await Expect(page.Locator("[data-stat=succeeded] .portal-stat-number")).ToHaveTextAsync("2");
            await Expect(page.Locator("[data-stat=pending] .portal-stat-number")).ToHaveTextAsync("1");
            await Expect(page.Locator("[data-stat=success-rate] .portal-stat-number")).ToHaveTextAsync("100%");
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Deliveries per hour: 2 succeeded, 0 failed, 1 pending" }))
                .ToBeVisibleAsync();
            await Expect(page.Locator("[data-delivery][data-status=Retrying] [data-response='500']")).ToBeVisibleAsync();
        });

        await session.StepAsync("resent", async () =>
        {
            receiver.StatusCode = 200;
            await page.Locator("[data-delivery][data-status=Retrying]").GetByRole(AriaRole.Button, new() { Name = $"Resend {eventType}" }).ClickAsync();
            await Expect(page.GetByText($"Resent: {eventType} goes out again now.")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-stat=succeeded] .portal-stat-number")).ToHaveTextAsync("3", new() { Timeout = 30_000 });
            // Every HTTP call the receiver got is an attempt (an automatic retry may have come before the resend).
            await Expect(page.Locator("[data-stat=attempts] .portal-stat-number")).ToHaveTextAsync(receiver.Received.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Deliveries per hour: 3 succeeded, 0 failed, 0 pending" }))
                .ToBeVisibleAsync();
        });

        await session.StepAsync("timeline", async () =>
        {
            await page.Locator("[data-delivery]").First.GetByRole(AriaRole.Button, new() { NameRegex = new("^Open ") }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Attempt 1", Exact = true })).ToBeVisibleAsync();
            await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Attempt 0", Exact = true })).ToHaveCountAsync(0);
            // MudBlazor listens for Esc on the dialog once its script has attached: press it from inside the dialog,
            // again if the first press came before that (a real user's second press).
            for (var press = 0; press < 5 && await dialog.CountAsync() > 0; press++)
            {
                await dialog.GetByRole(AriaRole.Heading, new() { Name = "Attempt 1", Exact = true }).ClickAsync();
                await page.Keyboard.PressAsync("Escape");
                await page.WaitForTimeoutAsync(400);
            }

            await Expect(dialog).ToHaveCountAsync(0);
        });

        await session.StepAsync("edit", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/subscriptions/{id}/edit$"));
            await shell.WaitUntilInteractiveAsync();
            await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        });
    }

    private static async Task<Guid> CreateSubscriptionAsync(HttpClient api, string name, string url, string eventType)
    {
        using var response = await api.PostAsJsonAsync(new Uri("api/v1/subscriptions", UriKind.Relative),
            new { name, url, eventTypes = new[] { eventType } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        return Guid.Parse(JsonNode.Parse(text)!["id"]!.GetValue<string>());
    }

    private static async Task PublishAsync(HttpClient api, string eventType)
    {
        using var response = await api.PostAsJsonAsync(new Uri("api/v1/events", UriKind.Relative),
            new { eventType, data = new { id = Guid.NewGuid(), status = "paid" } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The receiver did not get the deliveries within 30 s.");
            await Task.Delay(100);
        }
    }
}
