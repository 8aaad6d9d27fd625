using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Portal.Hosting;

/// <summary>Response headers every answer carries, and X-Forwarded-For/Proto from trusted proxies, so that behind a
/// TLS-terminating proxy the request is seen as HTTPS (Secure cookies, HSTS) from the client's address.</summary>
public static class SecurityHeaders
{
    public const string Section = "ForwardedHeaders";

    /// <summary>First in the pipeline. Forwarded headers are read only from loopback (the default) and from
    /// <c>ForwardedHeaders:KnownProxies</c> (IP addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR);
    /// <c>ForwardedHeaders:Enabled=false</c> ignores them altogether.</summary>
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        var section = app.Configuration.GetSection(Section);
        if (section.GetValue("Enabled", true))
        {
            var options = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            };
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            app.UseForwardedHeaders(options);
        }

        // Set as the response starts: an exception handler further in clears the headers set before it ran.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        return app;
    }
}
