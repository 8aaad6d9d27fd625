using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

/// <summary>The subscription form's Payload section (custom format with its live preview, the filter test) and the
/// operators' alias admin.</summary>
[Collection(PortalCollection.Name)]
public sealed class PayloadShapingTests(PortalFixture portal)
{
    private const string Template = """{"invoice":"{{ data.invoiceId }}","kind":"{{ event.type }}","e2e":true}""";

    [Fact]
    public async Task Demo_user_creates_a_custom_format_subscription_sees_the_preview_and_the_shaped_body_arrives()
    {
        await using var receiver = new LoopbackReceiver();
        await using var session = await portal.NewSessionAsync("payload-shaping");
        var page = session.Page;
        var subscriptions = new SubscriptionsPage(page, session.Circuit);
        var name = $"Custom {Guid.NewGuid():N}"[..15];

        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync(DemoUser.Email, DemoUser.Password);

        await session.StepAsync("custom-preview", async () =>
        {
            await page.GotoAsync("subscriptions/new");
            await subscriptions.WaitUntilInteractiveAsync();
            await subscriptions.Field("Name").FillAsync(name);
            await subscriptions.Field("Endpoint URL").FillAsync(receiver.Url);
            await subscriptions.PickEventTypeAsync("invoice.status");
            await Expect(page.Locator("[data-preview-body]")).ToContainTextAsync("\"type\": \"invoice.status\"");
            await page.Locator("[data-field=payloadFormat]").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Custom — your own template or transformation" }).ClickAsync();
            await page.Locator("textarea[data-field=bodyTemplate]").FillAsync(Template);
            await Expect(page.Locator("[data-preview-body]")).ToContainTextAsync("\"kind\": \"invoice.status\"");
            await Expect(page.Locator("[data-preview-body]")).ToContainTextAsync("\"e2e\": true");
        });

        await session.StepAsync("filter-tested", async () =>
        {
            await page.Locator("input[data-field=filter]").FillAsync("type == \"invoice.status\"");
            await subscriptions.Button("Test against sample").ClickAsync();
            await Expect(page.Locator("[data-filter-result=match]")).ToContainTextAsync("Matches the invoice.status sample");
            await page.Locator("input[data-field=filter]").FillAsync("data.nothing.here > 1");
            await subscriptions.Button("Test against sample").ClickAsync();
            await Expect(page.Locator("[data-filter-result=error]")).ToBeVisibleAsync();
            await page.Locator("input[data-field=filter]").FillAsync("");
        });

        await session.StepAsync("unsaved-guard", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to subscriptions" }).ClickAsync();
            var ask = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Leave without saving?" });
            await Expect(ask).ToBeVisibleAsync();
            await ask.GetByRole(AriaRole.Button, new() { Name = "Stay" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/subscriptions/new$"));
            await Expect(subscriptions.Field("Name")).ToHaveValueAsync(name);
        });

        await session.StepAsync("saved", async () =>
        {
            await subscriptions.Button("Create subscription").ClickAsync();
            await Expect(subscriptions.SecretDialog).ToBeVisibleAsync();
            await subscriptions.Button("I have saved it").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/subscriptions$"));
            await Expect(subscriptions.Row(name)).ToBeVisibleAsync();
        });

        await session.StepAsync("shaped-body-received", async () =>
        {
            await subscriptions.RowActionAsync(name, "Send sample event");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send sample" }).ClickAsync();
            await WaitForAsync(() => !receiver.Received.IsEmpty);
        });

        var body = JsonNode.Parse(receiver.Received.First().Body)!;
        Assert.Equal("invoice.status", body["kind"]!.GetValue<string>());
        Assert.True(body["e2e"]!.GetValue<bool>());
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task Admin_gives_an_event_type_an_alias_that_must_be_unique_and_removes_it_again()
    {
        await using var session = await portal.NewSessionAsync("alias-admin");
        var page = session.Page;
        var admin = new AdminPages(page, session.Circuit);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var type = $"payment.alias_{suffix}";
        var alias = $"payment-alias.e2e_{suffix}";

        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync("admin@portal.local", DemoUser.Password);

        await session.StepAsync("type-created", async () =>
        {
            await page.GotoAsync("admin/catalogue");
            await admin.WaitUntilInteractiveAsync();
            await admin.CreateEventTypeAsync(type, "Payments", "A payment was received (alias E2E).");
            await Expect(admin.EventTypesTable.GetByText(type)).ToBeVisibleAsync();
        });

        await session.StepAsync("alias-taken", async () =>
        {
            await admin.Button($"Edit {type}").ClickAsync();
            await admin.Dialog.GetByLabel("Add an alias").FillAsync("legal-entity.onboarding");
            await admin.Dialog.GetByRole(AriaRole.Button, new() { Name = "Add alias" }).ClickAsync();
            await admin.Confirm("Save").ClickAsync();
            await Expect(admin.Dialog).ToContainTextAsync("'legal-entity.onboarding' is already an alias of legal_entity.onboarding.");
        });

        await session.StepAsync("alias-saved", async () =>
        {
            await admin.Dialog.Locator("[data-alias='legal-entity.onboarding'] button").ClickAsync();
            await admin.Dialog.GetByLabel("Add an alias").FillAsync(alias);
            await admin.Dialog.GetByLabel("Add an alias").PressAsync("Enter");
            await Expect(admin.Dialog.Locator($"[data-alias='{alias}']")).ToBeVisibleAsync();
            await admin.Confirm("Save").ClickAsync();
            await Expect(admin.Dialog).ToHaveCountAsync(0);
            await Expect(page.Locator($"[data-aliases='{type}']")).ToContainTextAsync(alias);
        });

        await session.StepAsync("alias-removed", async () =>
        {
            await admin.Button($"Edit {type}").ClickAsync();
            await admin.Dialog.Locator($"[data-alias='{alias}'] button").ClickAsync();
            await Expect(admin.Dialog.Locator("[data-alias]")).ToHaveCountAsync(0);
            await admin.Confirm("Save").ClickAsync();
            await Expect(admin.Dialog).ToHaveCountAsync(0);
            await Expect(page.Locator($"[data-aliases='{type}']")).ToHaveCountAsync(0);
        });
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the receiver got no request in time");
            await Task.Delay(100);
        }
    }
}
