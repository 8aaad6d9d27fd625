using System.Net;
using Portal.Branding;
using Portal.Features.Admin.Branding;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Handoff;

/// <summary>Branding and framing as the admin sets them (the stored document, applied on this host at once): the
/// frame-ancestors policy, the product name and colour tenants see, and an embedded session's cookie and layout.</summary>
public abstract class PortalEmbeddingTests(PortalAppFactory factory) : IAsyncLifetime
{
    private const string PlatformOrigin = "https://app.platform.test";
    private const string LocalOrigin = "http://127.0.0.1:5555";

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The host is shared: leave it unbranded for the next test.</summary>
    public Task DisposeAsync() => SaveBrandingAsync(new BrandingInput());

    [Fact]
    public async Task Portal_pages_name_the_origins_the_admin_allowed_to_frame_them()
    {
        using var browser = factory.Browser();
        using (var unbranded = await browser.GetAsync(new Uri("/Account/Login", UriKind.Relative)))
        {
            Assert.Equal("frame-ancestors 'self'", unbranded.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("SAMEORIGIN", unbranded.Headers.GetValues("X-Frame-Options").Single());
        }

        await SaveBrandingAsync(new BrandingInput { ProductName = "Portal", FrameAncestors = $"{PlatformOrigin}/\n\n {LocalOrigin}" });

        using var framed = await browser.GetAsync(new Uri("/Account/Login", UriKind.Relative));
        Assert.Equal($"frame-ancestors 'self' {PlatformOrigin} {LocalOrigin}", framed.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(framed.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task Tenants_see_the_product_name_logo_and_colour_the_admin_set()
    {
        await SaveBrandingAsync(new BrandingInput { ProductName = "Acme Hooks", LogoUrl = "/brand/acme.svg", PrimaryColor = "#0F766E" });
        var tenant = await factory.RegisterAsync("Branded");
        var link = await factory.CreateLinkAsync(tenant.Id, tenant.Owner.Email!);
        using var browser = factory.Browser();
        (await browser.GetAsync(link.Local())).Dispose();

        var html = await browser.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("<title>Dashboard · Acme Hooks</title>", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("<span class=\"portal-brand-name\">Acme Hooks</span>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/brand/acme.svg\"", html, StringComparison.Ordinal);
        Assert.Contains("--mud-palette-primary: rgba(15,118,110,1);", html, StringComparison.Ordinal); // #0f766e
    }

    [Fact]
    public async Task Embedded_session_over_https_gets_a_cross_site_cookie_and_pages_without_the_portals_chrome()
    {
        await SaveBrandingAsync(new BrandingInput { FrameAncestors = PlatformOrigin });
        var tenant = await factory.RegisterAsync("Embedded");
        var link = await factory.CreateLinkAsync(tenant.Id, tenant.Owner.Email!, embed: true, returnUrl: "/subscriptions");
        using var browser = factory.Browser("https://localhost");

        using var redeemed = await browser.GetAsync(link.Local());

        Assert.Equal(HttpStatusCode.Redirect, redeemed.StatusCode);
        var cookie = redeemed.AuthCookie()!.ToLowerInvariant();
        Assert.Contains("samesite=none", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("partitioned", cookie, StringComparison.Ordinal);
        var html = await browser.GetStringAsync(new Uri("/subscriptions", UriKind.Relative));
        Assert.Contains("data-embedded=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("portal-appbar", html, StringComparison.Ordinal);
        Assert.DoesNotContain("portal-drawer", html, StringComparison.Ordinal);
        Assert.Contains("Subscriptions", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_keep_lax_cookies_unless_embedded_over_https_with_framing_allowed()
    {
        var tenant = await factory.RegisterAsync("Embedded");

        // Embedded, but no other site may frame the portal: nothing to relax the cookie for.
        Assert.Contains("samesite=lax", await AuthCookieAsync(tenant, embed: true, "https://localhost"), StringComparison.Ordinal);

        await SaveBrandingAsync(new BrandingInput { FrameAncestors = PlatformOrigin });
        // Not embedded: the ordinary session keeps Lax.
        Assert.Contains("samesite=lax", await AuthCookieAsync(tenant, embed: false, "https://localhost"), StringComparison.Ordinal);
        // Plain HTTP: SameSite=None would need Secure, which an http page cannot keep.
        Assert.Contains("samesite=lax", await AuthCookieAsync(tenant, embed: true, "http://localhost"), StringComparison.Ordinal);
    }

    private async Task<string> AuthCookieAsync(TestTenant tenant, bool embed, string baseAddress)
    {
        var link = await factory.CreateLinkAsync(tenant.Id, tenant.Owner.Email!, embed);
        using var browser = factory.Browser(baseAddress);
        using var response = await browser.GetAsync(link.Local());
        return response.AuthCookie()!.ToLowerInvariant();
    }

    private async Task SaveBrandingAsync(BrandingInput input)
    {
        await using var scope = factory.CreateScope();
        var result = await scope.Get<EditBranding>().SaveAsync(input);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(input.ProductName, scope.Get<Brand>().ProductName);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqlitePortalEmbeddingTests(SqliteHost host) : PortalEmbeddingTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresPortalEmbeddingTests(PostgresHost host) : PortalEmbeddingTests(host.Factory);
