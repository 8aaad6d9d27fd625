using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Access;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>A registered tenant with a fresh API key and an HTTP client that sends it.</summary>
public sealed record ApiTenant(TestTenant Tenant, string ApiKey, HttpClient Client) : IDisposable
{
    public Guid Id => Tenant.Id;

    public void Dispose() => Client.Dispose();
}

internal static class ApiTestHelpers
{
    public const string DemoApiKey = "pk_demo_acme_0123456789abcdef";

    /// <summary>Registers a tenant and creates its API key through the real service (as its owner).</summary>
    public static async Task<ApiTenant> CreateApiTenantAsync(this WebApplicationFactory<Program> host, string prefix)
    {
        var tenant = await host.RegisterAsync(prefix);
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var key = (await scope.Get<ApiKeys>().CreateAsync("tests")).Value!;
        return new ApiTenant(tenant, key.Value, host.ClientWithKey(key.Value));
    }

    public static HttpClient ClientWithKey(this WebApplicationFactory<Program> host, string key)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ApiAuthentication.ApiKeyHeader, key);
        return client;
    }

    public static HttpClient ClientWithToken(this WebApplicationFactory<Program> host, string token)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates an OAuth2 client for the tenant through the real service (as its owner).</summary>
    public static async Task<CreatedApiClient> CreateApiClientAsync(this WebApplicationFactory<Program> host, TestTenant tenant)
    {
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        return (await scope.Get<ApiClients>().CreateAsync("tests")).Value!;
    }

    public static Task<string> RequestTokenAsync(this WebApplicationFactory<Program> host, CreatedApiClient client) =>
        host.RequestTokenAsync(client.ClientId, client.ClientSecret);

    public static async Task<string> RequestTokenAsync(this WebApplicationFactory<Program> host, string clientId, string clientSecret)
    {
        using var response = await host.PostTokenRequestAsync(clientId, clientSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["access_token"]!.GetValue<string>();
    }

    /// <summary>A client credentials request with form fields; the answer as it comes.</summary>
    public static async Task<HttpResponseMessage> PostTokenRequestAsync(this WebApplicationFactory<Program> host,
        string clientId, string clientSecret)
    {
        using var http = host.CreateClient();
        return await http.PostAsync(new Uri("/oauth/token", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
            }));
    }

    /// <summary>Event type names for request bodies (a list, not a constant array per call).</summary>
    public static List<string> Types(params string[] names) => [.. names];

    public static Uri Api(string path) => new($"/api/v1/{path.TrimStart('/')}", UriKind.Relative);

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())
        ?? throw new InvalidOperationException("The response body is empty.");

    /// <summary>Asserts an RFC 7807 body with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    public static string[] FieldErrors(this JsonNode problem) =>
        problem["errors"]!.AsObject().Select(e => e.Key).ToArray();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(Api(path), body);

    /// <summary>A subscription to <paramref name="url"/> created through the API; returns its JSON (with the secret).</summary>
    public static async Task<JsonNode> CreateSubscriptionAsync(this HttpClient client, string url, params string[] eventTypes)
    {
        using var response = await client.PostJsonAsync("subscriptions", new
        {
            name = "Receiver",
            url,
            eventTypes = eventTypes.Length > 0 ? eventTypes : ["invoice.status"],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<JsonNode> PublishAsync(this HttpClient client, string eventType = "invoice.status",
        string? idempotencyKey = null)
    {
        using var response = await client.PostJsonAsync("events",
            new { eventType, data = new { invoiceId = "INV-1", status = "APPROVED" }, idempotencyKey });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>The Standard Webhooks signature computed here, independently of Portal's signing code.</summary>
    public static string StandardWebhooksSignature(string secret, ReceivedRequest request)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = $"{request.Header("webhook-id")}.{request.Header("webhook-timestamp")}.{request.Body}";
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content)));
    }
}
