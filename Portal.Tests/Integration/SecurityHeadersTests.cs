using System.Net;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>Issue 16: headers every response carries, and X-Forwarded-Proto from a trusted (loopback) proxy.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class SecurityHeadersTests(SqliteHost fixture)
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/health")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/subscriptions")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_response_carries_nosniff_and_a_referrer_policy(string path)
    {
        using var client = fixture.Factory.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["strict-origin-when-cross-origin"], response.Headers.GetValues("Referrer-Policy"));
    }

    /// <summary>Behind a TLS-terminating proxy on the same host, the sign-in cookie is Secure; straight over HTTP it
    /// cannot be.</summary>
    [Fact]
    public async Task Sign_in_cookie_is_secure_when_a_loopback_proxy_forwards_https()
    {
        await using var factory = (await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite)).WithLoopbackSocket();
        var tenant = await factory.RegisterAsync("Proxied");

        var direct = await SignInCookieAsync(factory, tenant, forwardedProto: null);
        var proxied = await SignInCookieAsync(factory, tenant, forwardedProto: "https");

        Assert.DoesNotContain("secure", direct, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", proxied, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Issue 16: HSTS when the request is HTTPS (here: forwarded by a loopback proxy), in Production; never
    /// over plain HTTP, where browsers ignore it anyway.</summary>
    [Fact]
    public async Task Production_sends_hsts_over_https_only()
    {
        await using var factory = (await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Database:MigrateOnStartup"] = "true",
        })).WithLoopbackSocket();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ServerAddress };

        async Task<HttpResponseMessage> GetAsync(string? forwardedProto)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
            request.Headers.Host = "portal.example.com"; // HSTS is never sent for localhost
            if (forwardedProto is not null)
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            return await client.SendAsync(request);
        }

        using var https = await GetAsync("https");
        using var http = await GetAsync(null);

        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(https.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
    }

    private static async Task<string> SignInCookieAsync(PortalAppFactory factory, TestTenant tenant, string? forwardedProto)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var forwarding = new ForwardedProtoOnPost(forwardedProto) { InnerHandler = handler };
        using var client = new HttpClient(forwarding) { BaseAddress = factory.ServerAddress };

        using var response = await SignIn.PostAsync(client, tenant.Owner.Email!, TestTenant.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
    }

    /// <summary>Only the form post: a Secure antiforgery cookie from the GET would not be sent back over HTTP.</summary>
    private sealed class ForwardedProtoOnPost(string? proto) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (proto is not null && request.Method == HttpMethod.Post)
                request.Headers.Add("X-Forwarded-Proto", proto);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
