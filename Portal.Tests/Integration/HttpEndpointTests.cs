using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>The sign-in flow's entry points over HTTP. Status codes and redirects only: markup belongs to the UI.</summary>
public abstract class HttpEndpointTests(PortalAppFactory factory)
{
    [Fact]
    public async Task Login_page_returns_200_with_a_form()
    {
        using var client = factory.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The Dashboard at "/" requires a signed-in user.</summary>
    [Fact]
    public async Task Root_without_sign_in_redirects_to_login()
    {
        await AssertRedirectsToLoginAsync("/");
    }

    [Fact]
    public async Task Account_management_without_sign_in_redirects_to_login()
    {
        await AssertRedirectsToLoginAsync("/Account/Manage");
    }

    [Fact]
    public async Task Health_returns_200()
    {
        using var client = factory.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Issue 16: a foreign ReturnUrl made the sign-in a 500 (and no sign-in). It signs in and goes home.</summary>
    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" //evil.example")]
    public async Task Sign_in_with_a_foreign_return_url_signs_in_and_goes_home(string returnUrl)
    {
        var tenant = await factory.RegisterAsync("Return");
        using var client = factory.CreateNonRedirectingClient();

        using var response = await SignIn.PostAsync(client, tenant.Owner.Email!, TestTenant.Password, returnUrl);
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in answered {(int)response.StatusCode}.");
        var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
        Assert.Equal(response.RequestMessage.RequestUri!.Authority, location.Authority);
        Assert.Equal("/", location.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Sign_in_with_a_local_return_url_goes_there()
    {
        var tenant = await factory.RegisterAsync("Local");
        using var client = factory.CreateNonRedirectingClient();

        using var response = await SignIn.PostAsync(client, tenant.Owner.Email!, TestTenant.Password, "/Account/Manage?tab=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Manage?tab=1", new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!).PathAndQuery);
    }

    /// <summary>Issue 16: a missing antiforgery token threw (a 500).</summary>
    [Theory]
    [InlineData("/Account/PasskeyRequestOptions")]
    [InlineData("/Account/PasskeyCreationOptions")]
    public async Task Passkey_options_without_antiforgery_token_are_400(string path)
    {
        using var client = factory.CreateNonRedirectingClient();

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task AssertRedirectsToLoginAsync(string path)
    {
        using var client = factory.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"GET {path} without sign-in answered {(int)response.StatusCode} {response.StatusCode}; expected a redirect " +
            $"to /Account/Login (a page requiring authorization must be routed at {path}).");
        var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
        Assert.Equal("/Account/Login", location.AbsolutePath, ignoreCase: true);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteHttpEndpointTests(SqliteHost host) : HttpEndpointTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresHttpEndpointTests(PostgresHost host) : HttpEndpointTests(host.Factory);
