using System.Net;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

/// <summary>The fixture's own promise: the real portal process is up on a fresh database and serves the sign-in form.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalHostTests(PortalFixture portal)
{
    [Fact]
    public async Task Health_is_200_and_the_sign_in_form_renders()
    {
        using var http = new HttpClient { BaseAddress = portal.Server.BaseAddress };
        using var health = await http.GetAsync(new Uri("health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await using var session = await portal.NewSessionAsync("host");
        var login = new LoginPage(session.Page);
        await session.StepAsync("login-page", async () =>
        {
            await login.GotoAsync();
            await Expect(login.Email).ToBeVisibleAsync();
            await Expect(login.Password).ToBeVisibleAsync();
            await Expect(login.LogIn).ToBeVisibleAsync();
        });
    }
}
