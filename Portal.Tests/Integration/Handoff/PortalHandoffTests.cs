using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Features.Admin.Tenants;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Handoff;

/// <summary>The platform's hand-off on the real host: POST /api/v1/tenants/{id}/portal-sessions issues a link, a
/// browser-like client follows it (/portal-session/{token}) and is then served portal pages as that tenant's user.</summary>
public abstract class PortalHandoffTests(PortalAppFactory factory)
{
    [Fact]
    public async Task Link_signs_a_new_person_in_once_as_a_member_of_that_tenant()
    {
        var tenant = await factory.RegisterAsync("Handoff");
        var email = $"jane-{Guid.NewGuid():N}@customer.test";

        using var created = await factory.RequestLinkAsync(tenant.Id, new { email, returnUrl = "/subscriptions" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var link = new Uri(body["url"]!.GetValue<string>());
        Assert.True(link.IsAbsoluteUri);
        Assert.StartsWith("/portal-session/ps_", link.AbsolutePath, StringComparison.Ordinal);
        var expiresAt = body["expiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));

        using var browser = factory.Browser();
        using var redeemed = await browser.GetAsync(link.Local());
        Assert.Equal(HttpStatusCode.Redirect, redeemed.StatusCode);
        Assert.Equal("/subscriptions", redeemed.RedirectPath());
        Assert.Contains("samesite=lax", redeemed.AuthCookie(), StringComparison.OrdinalIgnoreCase);

        // The cookie now opens portal pages as that person, in that tenant.
        using var page = await browser.GetAsync(new Uri("/subscriptions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(email, html, StringComparison.Ordinal);
        Assert.Contains(tenant.Name, html, StringComparison.Ordinal);
        Assert.Contains("portal-appbar", html, StringComparison.Ordinal);

        await using var db = factory.Database.CreateContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        Assert.Equal(tenant.Id, user.TenantId);
        Assert.True(user.EmailConfirmed);
        Assert.Null(user.PasswordHash);
        Assert.False(user.IsTenantOwner);
        var audit = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TargetName == email).OrderBy(e => e.OccurredAt).ToListAsync();
        Assert.Collection(audit,
            issued =>
            {
                Assert.Equal(AuditActions.PortalSessionCreated, issued.Action);
                Assert.Null(issued.TenantId);
                Assert.Equal("API key Demo platform key", issued.Actor);
            },
            used =>
            {
                Assert.Equal(AuditActions.PortalSessionRedeemed, used.Action);
                Assert.Equal(tenant.Id, used.TenantId);
                Assert.Equal(email, used.Actor);
            });

        // Used once: a second use (another browser) is refused with a page, not signed in.
        using var again = factory.Browser();
        using var second = await again.GetAsync(link.Local());
        await AssertRefusedAsync(second, HttpStatusCode.Gone, "Link already used");
    }

    [Fact]
    public async Task Link_of_an_existing_member_signs_that_member_in_and_lands_on_the_dashboard_by_default()
    {
        var tenant = await factory.RegisterAsync("Handoff");
        var link = await factory.CreateLinkAsync(tenant.Id, tenant.Owner.Email!.ToUpperInvariant());

        using var browser = factory.Browser();
        using var redeemed = await browser.GetAsync(link.Local());
        Assert.Equal(HttpStatusCode.Redirect, redeemed.StatusCode);
        Assert.Equal("/", redeemed.RedirectPath());
        var html = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains(tenant.Owner.Email!, html, StringComparison.Ordinal);

        await using var db = factory.Database.CreateContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.TenantId == tenant.Id));
    }

    [Fact]
    public async Task Expired_link_is_refused()
    {
        var tenant = await factory.RegisterAsync("Handoff");
        var link = await factory.CreateLinkAsync(tenant.Id, $"late-{Guid.NewGuid():N}@customer.test");
        await using (var db = factory.Database.CreateContext())
        {
            var hash = PortalSession.HashToken(link.Token());
            var past = DateTimeOffset.UtcNow.AddSeconds(-1);
            Assert.Equal(1, await db.PortalSessions.Where(s => s.TokenHash == hash)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, past)));
        }

        using var browser = factory.Browser();
        using var response = await browser.GetAsync(link.Local());

        await AssertRefusedAsync(response, HttpStatusCode.Gone, "Link expired");
    }

    [Fact]
    public async Task Unknown_link_is_refused_with_a_page()
    {
        using var browser = factory.Browser();
        using var response = await browser.GetAsync(new Uri("/portal-session/ps_" + new string('0', 64), UriKind.Relative));

        await AssertRefusedAsync(response, HttpStatusCode.Gone, "Link not valid");
    }

    [Fact]
    public async Task Suspended_tenant_gets_no_link_and_its_open_links_stop_working()
    {
        var tenant = await factory.RegisterAsync("Handoff");
        var link = await factory.CreateLinkAsync(tenant.Id, $"before-{Guid.NewGuid():N}@customer.test");
        await using (var scope = factory.CreateScope())
            Assert.True((await scope.Get<ManageTenants>().SuspendAsync(tenant.Id)).Succeeded);

        using var refused = await factory.RequestLinkAsync(tenant.Id, new { email = "after@customer.test" });
        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("suspended", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var browser = factory.Browser();
        using var response = await browser.GetAsync(link.Local());
        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "Organisation suspended");
    }

    [Fact]
    public async Task Email_of_another_tenants_user_is_refused()
    {
        var tenant = await factory.RegisterAsync("Handoff");
        var other = await factory.RegisterAsync("Other");

        using var response = await factory.RequestLinkAsync(tenant.Id, new { email = other.Owner.Email });

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("another tenant", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = factory.Database.CreateContext();
        Assert.False(await db.PortalSessions.AnyAsync(s => s.TenantId == tenant.Id));
    }

    [Fact]
    public async Task Tenant_credential_is_forbidden()
    {
        using var tenant = await factory.CreateApiTenantAsync("Handoff");

        using var response = await factory.RequestLinkAsync(tenant.Id, new { email = "x@customer.test" }, tenant.ApiKey);

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_tenant_is_not_found()
    {
        using var response = await factory.RequestLinkAsync(Guid.NewGuid(), new { email = "x@customer.test" });

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_email_return_url_and_lifetime_are_field_errors()
    {
        var tenant = await factory.RegisterAsync("Handoff");

        using var response = await factory.RequestLinkAsync(tenant.Id,
            new { email = "not an address", returnUrl = "//evil.example/x", expiresInMinutes = 61 });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["email", "expiresInMinutes", "returnUrl"], problem.FieldErrors().Order());
    }

    [Fact]
    public async Task Two_simultaneous_uses_sign_in_exactly_once()
    {
        var tenant = await factory.RegisterAsync("Handoff");
        var email = $"race-{Guid.NewGuid():N}@customer.test";
        var link = await factory.CreateLinkAsync(tenant.Id, email);
        var browsers = Enumerable.Range(0, 4).Select(_ => factory.Browser()).ToList();

        using var start = new Barrier(browsers.Count);
        var responses = await Task.WhenAll(browsers.Select(b => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await b.GetAsync(link.Local());
        })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect && r.AuthCookie() is not null));
        Assert.Equal(browsers.Count - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Gone && r.AuthCookie() is null));
        await using var db = factory.Database.CreateContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == email));
        Assert.Equal(1, await db.AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Action == AuditActions.PortalSessionRedeemed && e.TargetName == email));
        foreach (var response in responses)
            response.Dispose();
        foreach (var browser in browsers)
            browser.Dispose();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Null(response.AuthCookie());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqlitePortalHandoffTests(SqliteHost host) : PortalHandoffTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresPortalHandoffTests(PostgresHost host) : PortalHandoffTests(host.Factory);
