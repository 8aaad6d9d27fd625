using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFixture portal)
{
    [Fact]
    public async Task Demo_user_signs_in_lands_on_the_dashboard_and_opens_the_event_catalogue()
    {
        await using var session = await portal.NewSessionAsync("catalogue");
        var login = new LoginPage(session.Page);
        var shell = new ShellPage(session.Page, session.Circuit);

        await session.StepAsync("login-page", async () =>
        {
            await login.GotoAsync();
            await Expect(login.LogIn).ToBeVisibleAsync();
        });

        await session.StepAsync("dashboard", async () =>
        {
            await login.SignInAsync(DemoUser.Email, DemoUser.Password);
            await Expect(shell.Heading("Dashboard")).ToBeVisibleAsync();
            await Expect(shell.UserEmail(DemoUser.Email)).ToBeVisibleAsync();
        });

        await session.StepAsync("catalogue", async () =>
        {
            var catalogue = await shell.OpenCatalogueAsync();
            await Expect(catalogue.PageHeading).ToBeVisibleAsync();
            await Expect(catalogue.EventType("invoice.status")).ToBeVisibleAsync();
            await Expect(catalogue.EventType("legal_entity.onboarding")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task The_sign_in_page_on_127_0_0_1_logs_no_console_error()
    {
        // The server listens on 127.0.0.1: WebAuthn refuses an IP address ("SecurityError: This is an invalid
        // domain."), which the passkey script's autofill used to log on every visit.
        Assert.Equal("127.0.0.1", portal.Server.BaseAddress.Host);
        await using var session = await portal.NewSessionAsync("sign-in-console");
        var errors = new List<string>();
        session.Page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add(message.Text);
        };
        session.Page.PageError += (_, error) => errors.Add(error);
        var login = new LoginPage(session.Page);

        await session.StepAsync("login-page", async () =>
        {
            await login.GotoAsync();
            await Expect(login.LogIn).ToBeVisibleAsync();
            await session.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        });

        Assert.True(errors.Count == 0, "Console errors on the sign-in page:\n" + string.Join('\n', errors));
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_stays_on_the_login_page()
    {
        await using var session = await portal.NewSessionAsync("wrong-password");
        var login = new LoginPage(session.Page);

        await session.StepAsync("login-page", login.GotoAsync);

        await session.StepAsync("rejected", async () =>
        {
            await login.SignInAsync(DemoUser.Email, "not-the-password");
            await Expect(login.Error).ToBeVisibleAsync();
            await Expect(session.Page).ToHaveURLAsync(LoginPage.UrlPattern());
            await Expect(login.LogIn).ToBeVisibleAsync();
        });
    }
}
