namespace Portal.Branding;

/// <summary>Who may show the portal in a frame: <c>Content-Security-Policy: frame-ancestors 'self' &lt;origins the admin
/// allowed&gt;</c> on every response. With origins allowed, the <c>X-Frame-Options: SAMEORIGIN</c> that antiforgery
/// adds is dropped (browsers that know frame-ancestors ignore it anyway; older ones would block the allowed sites).</summary>
public sealed class FramingMiddleware(RequestDelegate next, Brand brand)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var origins = brand.FrameAncestors;
            context.Response.Headers.ContentSecurityPolicy = string.Join(' ', ["frame-ancestors", "'self'", .. origins]);
            if (origins.Count > 0)
                context.Response.Headers.Remove("X-Frame-Options");
            return Task.CompletedTask;
        });
        return next(context);
    }
}
