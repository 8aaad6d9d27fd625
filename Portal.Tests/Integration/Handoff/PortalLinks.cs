using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Handoff;

/// <summary>Portal links as the platform's backend gets them (the seeded platform key) and as a browser follows them.</summary>
internal static class PortalLinks
{
    public const string PlatformKey = "pk_platform_demo_0123456789abcdef";

    public static async Task<HttpResponseMessage> RequestLinkAsync(this WebApplicationFactory<Program> host, Guid tenantId,
        object body, string key = PlatformKey)
    {
        using var client = host.ClientWithKey(key);
        return await client.PostJsonAsync($"tenants/{tenantId}/portal-sessions", body);
    }

    /// <summary>A link for <paramref name="email"/>; asserts 201 and returns the link's URL.</summary>
    public static async Task<Uri> CreateLinkAsync(this WebApplicationFactory<Program> host, Guid tenantId, string email,
        bool embed = false, string? returnUrl = null)
    {
        using var response = await host.RequestLinkAsync(tenantId, new { email, embed, returnUrl });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return new Uri(JsonNode.Parse(body)!["url"]!.GetValue<string>());
    }

    /// <summary>A browser-like client: keeps cookies, shows redirects. <paramref name="baseAddress"/> https://localhost
    /// makes the host see HTTPS requests.</summary>
    public static HttpClient Browser(this WebApplicationFactory<Program> host, string baseAddress = "http://localhost") =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    /// <summary>The link's path and query, to follow with a test client (the host answers any host name).</summary>
    public static Uri Local(this Uri link) => new(link.PathAndQuery, UriKind.Relative);

    public static string Token(this Uri link) => link.AbsolutePath.Split('/').Last();

    /// <summary>Where a redirect points, as a path and query on the portal.</summary>
    public static string RedirectPath(this HttpResponseMessage response) =>
        new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!).PathAndQuery;

    public static IEnumerable<string> SetCookies(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    public static string? AuthCookie(this HttpResponseMessage response) =>
        response.SetCookies().FirstOrDefault(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
}
