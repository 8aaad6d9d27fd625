using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

[Collection(PortalCollection.Name)]
public sealed class FailingEndpointTests(PortalFixture portal)
{
    [Fact]
    public async Task A_failing_endpoint_shows_red_then_a_retrigger_after_the_fix_succeeds_and_the_log_downloads()
    {
        await using var receiver = new LoopbackReceiver { StatusCode = 500 };
        await using var session = await portal.NewSessionAsync("failing-endpoint");
        var page = session.Page;
        var subscriptions = new SubscriptionsPage(page, session.Circuit);
        var deliveries = new DeliveriesPage(page, session.Circuit);
        var name = $"CRM {Guid.NewGuid():N}"[..12];

        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync(DemoUser.Email, DemoUser.Password);

        await session.StepAsync("catalogue-subscribe", async () =>
        {
            var catalogue = await new ShellPage(page, session.Circuit).OpenCatalogueAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Subscribe to invoice.status" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/subscriptions/new\?eventType=invoice\.status$"));
            await Expect(catalogue.Heading("New subscription")).ToBeVisibleAsync();
        });

        await session.StepAsync("form-akuiteo", async () =>
        {
            await subscriptions.WaitUntilInteractiveAsync();
            await subscriptions.Field("Name").FillAsync(name);
            await subscriptions.Field("Endpoint URL").FillAsync(receiver.Url);
            await page.GetByRole(AriaRole.Radio, new() { Name = "Header" }).CheckAsync();
            await subscriptions.Field("Header name").FillAsync("Bearer");
            await subscriptions.Field("Token").FillAsync("t0ken");
            await Expect(page.Locator("[data-auth-preview]")).ToContainTextAsync("Authorization: Bearer ••••");
            await page.Locator("[data-field=retryPreset]").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Akuiteo test (every 3 s)" }).ClickAsync();
            await Expect(page.Locator("[data-retry-preview=valid]")).ToContainTextAsync("5 attempts");
            await subscriptions.Button("Test endpoint").ClickAsync();
            await Expect(page.Locator("[data-test-result=failed]")).ToContainTextAsync("500");
        });

        await session.StepAsync("failing", async () =>
        {
            await subscriptions.Button("Create subscription").ClickAsync();
            await subscriptions.Button("I have saved it").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/subscriptions$"));
            await subscriptions.RowActionAsync(name, "Send sample event");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send sample" }).ClickAsync();
            await Expect(subscriptions.Row(name).Locator("[data-response='500']")).ToBeVisibleAsync();
            Assert.Equal("Bearer t0ken", receiver.Received.First().Headers["Authorization"]);
        });

        await session.StepAsync("history-failed", async () =>
        {
            await deliveries.GotoAsync();
            await Expect(deliveries.Rows(name).First.Locator("[data-response='500']")).ToBeVisibleAsync();
        });

        await session.StepAsync("bulk-retrigger", async () =>
        {
            await page.GetByLabel("Subscription", new() { Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
            await Expect(deliveries.Table.Locator("tbody tr")).ToHaveCountAsync(1);
            await page.GetByRole(AriaRole.Button, new() { Name = "Retrigger failed deliveries" }).ClickAsync();
            await Expect(page.GetByText("1 failed delivery will be sent again")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Retrigger 1" }).ClickAsync();
            await Expect(page.Locator("[data-bulk-status=Completed]")).ToContainTextAsync("Bulk retrigger done: 1 delivery requeued.");
        });

        await session.StepAsync("retriggered", async () =>
        {
            receiver.StatusCode = 200;
            await deliveries.Rows(name).First.GetByRole(AriaRole.Button, new() { Name = $"Retrigger invoice.status to {name}" }).ClickAsync();
            await Expect(page.GetByText($"Retriggered: invoice.status goes to {name} again now.")).ToBeVisibleAsync();
            await Expect(deliveries.Rows(name).First.Locator("[data-status=Succeeded]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        });

        await session.StepAsync("dashboard", async () =>
        {
            await page.GotoAsync("");
            await subscriptions.WaitUntilInteractiveAsync();
            await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("Deliveries per hour") })).ToBeVisibleAsync();
            await Expect(page.GetByText("Endpoint health")).ToBeVisibleAsync();
        });

        await session.StepAsync("log-and-pause", async () =>
        {
            await subscriptions.GotoAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => subscriptions.RowActionAsync(name, "Download log"));
            Assert.EndsWith(".log", download.SuggestedFilename);
            var log = await File.ReadAllTextAsync(await download.PathAsync());
            Assert.Contains("invoice.status", log);
            Assert.Contains("status=500", log);
            Assert.Contains("status=200", log);
            Assert.Contains("manual", log);

            await subscriptions.RowActionAsync(name, "Pause");
            await Expect(subscriptions.Row(name)).ToContainTextAsync("Paused");
        });

        await session.StepAsync("edit", async () =>
        {
            await subscriptions.Row(name).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            await subscriptions.WaitUntilInteractiveAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/edit$"));
            await Expect(subscriptions.Field("Name")).ToHaveValueAsync(name);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reveal secret" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        });

        await session.StepAsync("deleted", async () =>
        {
            await subscriptions.GotoAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
            await subscriptions.RowActionAsync(name, "Delete");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(subscriptions.Row(name)).ToHaveCountAsync(0);
        });
    }
}
