using System.Text.RegularExpressions;
using System.Security.Cryptography;
using System.Text;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

[Collection(PortalCollection.Name)]
public sealed class SubscriptionTests(PortalFixture portal)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Demo_user_creates_a_signed_subscription_sends_a_sample_sees_it_delivered_and_deletes_it()
    {
        await using var receiver = new LoopbackReceiver();
        await using var session = await portal.NewSessionAsync("subscription");
        var page = session.Page;
        var subscriptions = new SubscriptionsPage(page, session.Circuit);
        var name = $"ERP {Guid.NewGuid():N}"[..12];
        string secret = "";

        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync(DemoUser.Email, DemoUser.Password);

        await session.StepAsync("form-validation", async () =>
        {
            await page.GotoAsync("subscriptions/new");
            await subscriptions.WaitUntilInteractiveAsync();
            await subscriptions.Button("Create subscription").ClickAsync();
            await Expect(page.GetByText("Give the subscription a name.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Pick at least one event type.")).ToBeVisibleAsync();
        });

        await session.StepAsync("form-filled", async () =>
        {
            await subscriptions.Field("Name").FillAsync(name);
            await subscriptions.Field("Endpoint URL").FillAsync(receiver.Url);
            await subscriptions.PickEventTypeAsync("invoice.status");
            await Expect(page.GetByText("Give the subscription a name.")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-retry-preview=valid]")).ToContainTextAsync("8 attempts");
        });

        await session.StepAsync("secret-once", async () =>
        {
            await subscriptions.Button("Create subscription").ClickAsync();
            await Expect(subscriptions.SecretDialog).ToBeVisibleAsync();
            secret = (await subscriptions.SecretDialog.Locator("pre").InnerTextAsync()).Trim();
            Assert.StartsWith("whsec_", secret);
        });

        await session.StepAsync("list", async () =>
        {
            await subscriptions.Button("I have saved it").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/subscriptions$"));
            await Expect(subscriptions.Row(name)).ToBeVisibleAsync();
            await Expect(subscriptions.Row(name)).ToContainTextAsync("N/A");
        });

        await session.StepAsync("sample-sent", async () =>
        {
            await subscriptions.RowActionAsync(name, "Send sample event");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send sample" }).ClickAsync();
            await Expect(page.GetByText($"Sample invoice.status sent to {name}")).ToBeVisibleAsync();
            await WaitForAsync(() => !receiver.Received.IsEmpty);
            await Expect(subscriptions.Row(name).Locator("[data-response='200']")).ToBeVisibleAsync();
        });

        var received = receiver.Received.First();
        Assert.True(StandardWebhooksSignatureIsValid(received, secret), "the webhook-signature verifies with the secret shown once");

        var deliveries = new DeliveriesPage(page, session.Circuit);
        await session.StepAsync("history-dark", async () =>
        {
            await deliveries.GotoAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
            await Expect(deliveries.Rows(name).First.Locator("[data-status=Succeeded]")).ToBeVisibleAsync();
        });

        await session.StepAsync("timeline", async () =>
        {
            await deliveries.Rows(name).First.Locator("td").First.ClickAsync();
            await Expect(deliveries.Timeline.GetByRole(AriaRole.Heading, new() { Name = "Attempt 1" })).ToBeVisibleAsync();
            await Expect(deliveries.Timeline).ToContainTextAsync("webhook-signature");
        });

        await session.StepAsync("retriggered", async () =>
        {
            await deliveries.Timeline.GetByRole(AriaRole.Button, new() { Name = "Retrigger this delivery" }).ClickAsync();
            await Expect(deliveries.Timeline.GetByRole(AriaRole.Heading, new() { Name = "Attempt 2" })).ToBeVisibleAsync();
            await Expect(deliveries.Timeline).ToContainTextAsync("Manual by demo@acme.test");
            await deliveries.Timeline.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).Last.ClickAsync();
        });

        await session.StepAsync("list-light", async () =>
        {
            await subscriptions.GotoAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
            await Expect(subscriptions.Row(name)).ToContainTextAsync("2");
        });

        var editLink = await subscriptions.Row(name).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).GetAttributeAsync("href");
        await using (var other = await portal.NewSessionAsync("other-tenant"))
        {
            var otherShell = new ShellPage(other.Page, other.Circuit);
            await other.StepAsync("registered", async () =>
            {
                await other.Page.GotoAsync("Account/Register");
                await other.Page.GetByLabel("Organisation").FillAsync($"Globex {Guid.NewGuid():N}"[..14]);
                await other.Page.GetByLabel("Email", new() { Exact = true }).FillAsync($"ops-{Guid.NewGuid():N}@globex.test");
                await other.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoUser.Password);
                await other.Page.GetByLabel("Confirm password").FillAsync(DemoUser.Password);
                await other.Page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
                await Expect(otherShell.Heading("Dashboard")).ToBeVisibleAsync();
            });
            await other.StepAsync("sees-no-subscriptions", async () =>
            {
                await other.Page.GotoAsync("subscriptions");
                await Expect(other.Page.GetByText("No subscriptions yet")).ToBeVisibleAsync();
                await Expect(other.Page.GetByText(name)).ToHaveCountAsync(0);
            });
            await other.StepAsync("sees-no-deliveries", async () =>
            {
                await other.Page.GotoAsync("deliveries");
                await Expect(other.Page.GetByText("No deliveries yet")).ToBeVisibleAsync();
            });
            await other.StepAsync("sees-no-audit-entries", async () =>
            {
                await other.Page.GotoAsync("audit");
                await Expect(other.Page.GetByText("No audit entries yet")).ToBeVisibleAsync();
            });
            await other.StepAsync("cannot-open-it", async () =>
            {
                await other.Page.GotoAsync(editLink!.TrimStart('/'));
                await Expect(other.Page.GetByText("Subscription not found")).ToBeVisibleAsync();
            });
        }

        await session.StepAsync("deleted", async () =>
        {
            await subscriptions.RowActionAsync(name, "Delete");
            await Expect(page.GetByText("This cannot be undone.", new() { Exact = false })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(page.GetByText($"{name} was deleted.")).ToBeVisibleAsync();
            await Expect(subscriptions.Row(name)).ToHaveCountAsync(0);
        });

        await session.StepAsync("audit-log", async () =>
        {
            await subscriptions.NavigateAsync("Audit log");
            await Expect(page).ToHaveURLAsync(new Regex("/audit$"));
            await page.GetByLabel("Target (name or id)").FillAsync(name);
            var rows = page.GetByRole(AriaRole.Table, new() { Name = "Audit log" }).Locator("tbody tr");
            await Expect(rows.Locator("[data-action]")).ToHaveTextAsync(
                ["subscription.deleted", "delivery.retriggered", "subscription.created"]);
            await Expect(rows.Locator("[data-actor]")).ToHaveTextAsync([DemoUser.Email, DemoUser.Email, DemoUser.Email]);
        });
    }

    private static bool StandardWebhooksSignatureIsValid(ReceivedRequest request, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = $"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed)));
        return request.Headers["webhook-signature"].Split(' ').Contains(expected);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The receiver got nothing in time.");
            await Task.Delay(200);
        }
    }
}
