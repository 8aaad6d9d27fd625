using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>X-API-Key and OAuth2 client credentials over real HTTP; every refusal is a 401 ProblemDetails, never the
/// portal's sign-in redirect.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class ApiAuthenticationTests(SqliteHost fixture)
{
    private readonly PortalAppFactory _host = fixture.Factory;

    [Fact]
    public async Task Missing_credentials_are_a_401_problem_not_a_redirect()
    {
        using var client = _host.CreateNonRedirectingClient();

        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-API-Key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_key_is_401()
    {
        using var client = _host.ClientWithKey("pk_not_a_real_key_at_all");

        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoked_api_key_is_401()
    {
        using var tenant = await _host.CreateApiTenantAsync("Revoked key");
        using (var before = await tenant.Client.GetAsync(ApiTestHelpers.Api("subscriptions")))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await using (var scope = await _host.CreateScopeSignedInAsync(tenant.Tenant.Owner))
        {
            var keys = scope.Get<ApiKeys>();
            var id = (await keys.ListAsync()).Single().Id;
            Assert.True((await keys.RevokeAsync(id)).Succeeded);
        }

        using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Using_a_key_records_when_it_was_last_used()
    {
        using var tenant = await _host.CreateApiTenantAsync("Last used");

        using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api("event-types"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = await _host.CreateScopeSignedInAsync(tenant.Tenant.Owner);
        Assert.NotNull((await scope.Get<ApiKeys>().ListAsync()).Single().LastUsedAt);
    }

    [Fact]
    public async Task Client_credentials_as_http_basic_return_a_bearer_token_that_works()
    {
        var tenant = await _host.RegisterAsync("Basic");
        var apiClient = await _host.CreateApiClientAsync(tenant);
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/oauth/token", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{apiClient.ClientId}:{apiClient.ClientSecret}")));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        using var client = _host.ClientWithToken(body["access_token"]!.GetValue<string>());
        using var subscriptions = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Equal(HttpStatusCode.OK, subscriptions.StatusCode);
    }

    [Fact]
    public async Task Wrong_client_secret_is_invalid_client()
    {
        var tenant = await _host.RegisterAsync("Wrong secret");
        var apiClient = await _host.CreateApiClientAsync(tenant);
        using var http = _host.CreateClient();

        using var response = await http.PostAsync(new Uri("/oauth/token", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = apiClient.ClientId, ["client_secret"] = "pcs_wrong",
            }));

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_client", problem["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_grant_types_are_refused()
    {
        using var http = _host.CreateClient();

        using var response = await http.PostAsync(new Uri("/oauth/token", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password" }));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("unsupported_grant_type", problem["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_bearer_token_is_401()
    {
        using var client = _host.ClientWithToken("not.a.jwt");

        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tampered_bearer_token_is_401()
    {
        var tenant = await _host.RegisterAsync("Tampered");
        var token = await _host.RequestTokenAsync(await _host.CreateApiClientAsync(tenant));
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";
        using var client = _host.ClientWithToken(forged);

        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Expired_bearer_token_is_401()
    {
        var tenant = await _host.RegisterAsync("Expired");
        var apiClient = await _host.CreateApiClientAsync(tenant);
        string token;
        await using (var scope = _host.CreateScope())
        {
            var stored = await scope.Get<PortalDbContext>().ApiClients.AsNoTracking().SingleAsync(c => c.ClientId == apiClient.ClientId);
            token = (await scope.Get<AccessTokenIssuer>().IssueAsync(stored, DateTimeOffset.UtcNow.AddHours(-2))).Value;
        }
        using var client = _host.ClientWithToken(token);

        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_a_client_stops_its_tokens_and_new_ones()
    {
        var tenant = await _host.RegisterAsync("Revoked client");
        var apiClient = await _host.CreateApiClientAsync(tenant);
        var token = await _host.RequestTokenAsync(apiClient);
        await using (var scope = await _host.CreateScopeSignedInAsync(tenant.Owner))
            Assert.True((await scope.Get<ApiClients>().RevokeAsync(apiClient.Id)).Succeeded);
        using var client = _host.ClientWithToken(token);

        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        using var http = _host.CreateClient();
        using var tokenResponse = await http.PostAsync(new Uri("/oauth/token", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = apiClient.ClientId, ["client_secret"] = apiClient.ClientSecret,
            }));
        await tokenResponse.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Platform_key_cannot_manage_a_tenants_subscriptions()
    {
        var (key, value) = ApiKey.Create(null, "platform", DateTimeOffset.UtcNow);
        await using (var scope = _host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
        }
        using var client = _host.ClientWithKey(value);

        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_seeded_demo_key_and_client_work()
    {
        using var client = _host.ClientWithKey(ApiTestHelpers.DemoApiKey);
        using var response = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var token = await _host.RequestTokenAsync("pc_demo_acme", "pcs_demo_acme_0123456789abcdef");
        using var bearer = _host.ClientWithToken(token);
        using var withToken = await bearer.GetAsync(ApiTestHelpers.Api("event-types"));
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }
}
