using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

[Collection(PortalCollection.Name)]
public sealed class InboxTests(PortalFixture portal)
{
    [Fact]
    public async Task New_user_subscribes_the_inbox_sends_a_sample_and_sees_it_arrive_with_a_valid_signature()
    {
        await using var session = await portal.NewSessionAsync("inbox");
        var page = session.Page;
        var subscriptions = new SubscriptionsPage(page, session.Circuit);

        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync(DemoUser.Email, DemoUser.Password);

        await session.StepAsync("empty", async () =>
        {
            await page.GotoAsync("inbox");
            await subscriptions.WaitUntilInteractiveAsync();
            await Expect(page.GetByText("Nothing received yet")).ToBeVisibleAsync();
        });

        await session.StepAsync("subscribe", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Subscribe the inbox" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/subscriptions/new\?"));
            await subscriptions.WaitUntilInteractiveAsync();
            await Expect(subscriptions.Field("Name")).ToHaveValueAsync("Request inbox");
            await subscriptions.PickEventTypeAsync("invoice.status");
            await subscriptions.Button("Create subscription").ClickAsync();
            await subscriptions.Button("I have saved it").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/subscriptions$"));
        });

        await session.StepAsync("received", async () =>
        {
            await subscriptions.RowActionAsync("Request inbox", "Send sample event");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send sample" }).ClickAsync();
            await page.GotoAsync("inbox");
            await subscriptions.WaitUntilInteractiveAsync();
            await Expect(page.Locator("[data-signature=Valid]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(page.Locator("[data-inbox-request]").First).ToContainTextAsync("invoice.status");
        });

        await session.StepAsync("cleaned-up", async () =>
        {
            await subscriptions.GotoAsync();
            await subscriptions.RowActionAsync("Request inbox", "Delete");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(subscriptions.Row("Request inbox")).ToHaveCountAsync(0);
        });
    }
}
