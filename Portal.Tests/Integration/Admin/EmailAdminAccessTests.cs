using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Admin;

/// <summary>The failure-e-mail pages are for operators only: a tenant's user is refused, an anonymous one sent to sign in.</summary>
public abstract class EmailAdminAccessTests(PortalAppFactory host)
{
    [Theory]
    [InlineData("/admin/email")]
    [InlineData("/admin/outbox")]
    public async Task Tenant_user_is_refused(string path)
    {
        var tenant = await host.RegisterAsync("Nosy org");
        using var client = host.CreateNonRedirectingClient();
        using (var login = await SignIn.PostAsync(client, tenant.Owner.Email!, TestTenant.Password))
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", Location(response).AbsolutePath, ignoreCase: true);
    }

    [Theory]
    [InlineData("/admin/email")]
    [InlineData("/admin/outbox")]
    public async Task Anonymous_request_redirects_to_login(string path)
    {
        using var client = host.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", Location(response).AbsolutePath, ignoreCase: true);
    }

    private static Uri Location(HttpResponseMessage response) =>
        new(response.RequestMessage!.RequestUri!, response.Headers.Location!);
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteEmailAdminAccessTests(SqliteHost host) : EmailAdminAccessTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresEmailAdminAccessTests(PostgresHost host) : EmailAdminAccessTests(host.Factory);
