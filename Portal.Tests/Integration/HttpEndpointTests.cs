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
