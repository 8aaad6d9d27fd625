using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

[Collection(PortalCollection.Name)]
public sealed class CredentialsTests(PortalFixture portal)
{
    [Fact]
    public async Task An_owner_creates_an_api_key_sees_it_once_and_then_only_its_prefix()
    {
        await using var session = await portal.NewSessionAsync("credentials");
        var page = session.Page;
        var settings = new SettingsPages(page, session.Circuit);
        var name = $"E2E key {Guid.NewGuid().ToString("N")[..6]}";
        var key = "";

        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync(DemoUser.Email, DemoUser.Password);

        await session.StepAsync("credentials-page", async () =>
        {
            await settings.NavigateAsync("API credentials");
            await Expect(page).ToHaveURLAsync(new Regex("/settings/api$"));
            await settings.WaitUntilInteractiveAsync();
            await Expect(settings.Row("API keys", "Demo key")).ToBeVisibleAsync();
        });

        await session.StepAsync("key-shown-once", async () =>
        {
            await settings.CreateAsync("API keys", name, "Create key");
            await Expect(settings.OnceDialog).ToContainTextAsync("you will not see this again");
            key = (await settings.ShownValue().TextContentAsync())!.Trim();
            Assert.Matches("^pk_[0-9a-f]{48}$", key);
            await Expect(settings.OnceDialog.GetByRole(AriaRole.Button, new() { Name = "Copy api key" })).ToBeVisibleAsync();
        });

        await session.StepAsync("only-prefix-listed", async () =>
        {
            await settings.Button("I have copied it").ClickAsync();
            await Expect(settings.OnceDialog).ToHaveCountAsync(0);
            await Expect(settings.Row("API keys", name).Locator("code")).ToHaveTextAsync(key[..10] + "…");
            await Expect(page.GetByText(key)).ToHaveCountAsync(0);
            await Expect(settings.Row("API keys", name)).ToContainTextAsync("Active");
        });

        await session.StepAsync("phone-width", async () =>
        {
            await page.SetViewportSizeAsync(390, 844);
            await Expect(settings.Row("API keys", name)).ToBeVisibleAsync();
        });

        await session.StepAsync("team-phone-width", async () =>
        {
            await page.GotoAsync("settings/team");
            await settings.WaitUntilInteractiveAsync();
            await Expect(settings.Table("Team")).ToContainTextAsync(DemoUser.Email);
        });
    }
}
