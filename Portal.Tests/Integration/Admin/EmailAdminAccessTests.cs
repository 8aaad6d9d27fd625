using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Admin;

/// <summary>The failure-e-mail pages are for operators only: a tenant's user is refused, an anonymous one sent to sign in.</summary>
public abstract partial class EmailAdminAccessTests(PortalAppFactory host)
{
    [Theory]
    [InlineData("/admin/email")]
    [InlineData("/admin/outbox")]
    public async Task Tenant_user_is_refused(string path)
    {
        var tenant = await host.RegisterAsync("Nosy org");
        using var client = host.CreateNonRedirectingClient();
        using (var login = await PostLoginAsync(client, tenant.Owner.Email!, TestTenant.Password))
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

    /// <summary>Submits the real sign-in form (antiforgery token and handler name taken from the rendered page).</summary>
    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var loginForm = form.Split("<form").Single(f => f.Contains("value=\"login\"", StringComparison.Ordinal));
        var fields = HiddenInput().Matches(loginForm.Split("</form>")[0])
            .ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteEmailAdminAccessTests(SqliteHost host) : EmailAdminAccessTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresEmailAdminAccessTests(PostgresHost host) : EmailAdminAccessTests(host.Factory);
