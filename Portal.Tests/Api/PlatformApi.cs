using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>Platform credentials and platform-made test data for the platform API's tests.</summary>
internal static class PlatformApi
{
    /// <summary>The Development seed's platform key (Seed:PlatformApiKey), part of the public contract.</summary>
    public const string SeededKey = "pk_platform_demo_0123456789abcdef";

    /// <summary>A client with a fresh platform key: its own rate-limit partition, so tests never share a budget.</summary>
    public static async Task<HttpClient> CreatePlatformClientAsync(this WebApplicationFactory<Program> host)
    {
        var (key, value) = ApiKey.Create(null, "platform tests", DateTimeOffset.UtcNow);
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return host.ClientWithKey(value);
    }

    public static string NewExternalId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>POST /tenants, expecting 201; returns the tenant's JSON.</summary>
    public static async Task<JsonNode> CreateTenantAsync(this HttpClient platform, string externalId, string? name = null)
    {
        using var response = await platform.PostJsonAsync("tenants", new { externalId, name });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Gives a tenant an external id through PATCH /tenants/{id}.</summary>
    public static async Task<string> SetExternalIdAsync(this HttpClient platform, Guid tenantId, string prefix)
    {
        var externalId = NewExternalId(prefix);
        using var response = await platform.PatchAsJsonAsync(ApiTestHelpers.Api($"tenants/{tenantId}"), new { externalId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return externalId;
    }

    /// <summary>A new event type with <paramref name="schema"/> checked as <paramref name="mode"/>; returns its name.</summary>
    public static async Task<string> CreateEventTypeAsync(this HttpClient platform, string mode, object? schema, object? sample = null)
    {
        var name = $"payment.t{Guid.NewGuid():N}"[..24];
        using var response = await platform.PostJsonAsync("event-types", new
        {
            name,
            category = "Payments",
            description = "A payment was received.",
            sample = sample ?? new { amount = 10 },
            schema,
            schemaValidation = mode,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return name;
    }
}
