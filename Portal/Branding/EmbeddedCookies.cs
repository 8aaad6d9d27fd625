using Portal.Identity;

namespace Portal.Branding;

/// <summary>Cookies of an embedded session (signed in by a platform link with embed on) must reach the portal inside
/// the platform's page. When that page is on another site, browsers send <c>SameSite=Lax</c> cookies to a frame
/// only if it is same-site, so these cookies become <c>SameSite=None; Secure; Partitioned</c> (CHIPS: kept apart
/// per top-level site, so they still work where third-party cookies are blocked) — but only over HTTPS (browsers
/// drop None without Secure) and only while the admin allows some frame origin. Every other session keeps the
/// default Lax cookies and their cross-site protection.</summary>
public static class EmbeddedCookies
{
    private const string AntiforgeryCookiePrefix = ".AspNetCore.Antiforgery.";
    private static readonly object EmbedSignInKey = new();

    /// <summary>This request signs an embedded session in (its user is not in <c>HttpContext.User</c> yet).</summary>
    public static void MarkEmbedSignIn(HttpContext context) => context.Items[EmbedSignInKey] = true;

    public static bool IsEmbedded(HttpContext context) =>
        context.Items.ContainsKey(EmbedSignInKey) || context.User.HasClaim(PortalClaimTypes.Embed, "true");

    public static void Configure(CookiePolicyOptions options) =>
        options.OnAppendCookie = append =>
        {
            var context = append.Context;
            var cookie = append.CookieOptions;
            // Strict cookies stay strict (short-lived status messages), except antiforgery's: the embedded pages' forms
            // (log out, account management) need it, and its token, not the cookie's SameSite, is what stops forgery.
            var relaxable = cookie.SameSite is not SameSiteMode.Strict
                            || append.CookieName.StartsWith(AntiforgeryCookiePrefix, StringComparison.Ordinal);
            if (!relaxable || !context.Request.IsHttps || !IsEmbedded(context)
                || context.RequestServices.GetRequiredService<Brand>().FrameAncestors.Count == 0)
                return;
            cookie.SameSite = SameSiteMode.None;
            cookie.Secure = true;
            if (!cookie.Extensions.Contains("Partitioned"))
                cookie.Extensions.Add("Partitioned");
        };
}
