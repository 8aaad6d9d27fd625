using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>/api/v1/api-keys and /api/v1/oauth-clients with a tenant credential; /api/v1/tenants/{id}/… with a
/// platform credential.</summary>
public abstract class CredentialsApiTests(PortalAppFactory host)
{
    [Fact]
    public async Task A_tenant_key_creates_lists_and_revokes_keys_and_the_new_key_works_once_shown()
    {
        using var tenant = await host.CreateApiTenantAsync("Keys api");

        using var created = await tenant.Client.PostJsonAsync("api-keys", new { name = "CI", expiresAt = DateTimeOffset.UtcNow.AddDays(7) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var (id, value) = (body["id"]!.GetValue<Guid>(), body["key"]!.GetValue<string>());
        Assert.Equal("CI", body["name"]!.GetValue<string>());
        Assert.StartsWith(body["prefix"]!.GetValue<string>(), value, StringComparison.Ordinal);
        Assert.NotNull(body["expiresAt"]);
        using var newKey = host.ClientWithKey(value);
        using (var works = await newKey.GetAsync(ApiTestHelpers.Api("subscriptions")))
            Assert.Equal(HttpStatusCode.OK, works.StatusCode);

        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("api-keys"));
        var listed = (await list.JsonAsync()).AsArray();
        Assert.Equal(2, listed.Count); // the tests' key and the new one
        Assert.DoesNotContain(value, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("active", listed.Single(k => k!["id"]!.GetValue<Guid>() == id)!["status"]!.GetValue<string>());

        using var revoked = await tenant.Client.DeleteAsync(ApiTestHelpers.Api($"api-keys/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var refused = await newKey.GetAsync(ApiTestHelpers.Api("subscriptions"));
        await refused.ProblemAsync(HttpStatusCode.Unauthorized);
        using var after = await tenant.Client.GetAsync(ApiTestHelpers.Api("api-keys"));
        Assert.Equal("revoked", (await after.JsonAsync()).AsArray().Single(k => k!["id"]!.GetValue<Guid>() == id)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tenant_key_creates_and_revokes_oauth_clients()
    {
        using var tenant = await host.CreateApiTenantAsync("Clients api");

        using var created = await tenant.Client.PostJsonAsync("oauth-clients", new { name = "Backend" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var (id, clientId, secret) = (body["id"]!.GetValue<Guid>(), body["clientId"]!.GetValue<string>(), body["clientSecret"]!.GetValue<string>());
        var token = await host.RequestTokenAsync(clientId, secret);
        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("oauth-clients"));
        var listed = Assert.Single((await list.JsonAsync()).AsArray());
        Assert.Equal(clientId, listed!["clientId"]!.GetValue<string>());
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);

        using var revoked = await tenant.Client.DeleteAsync(ApiTestHelpers.Api($"oauth-clients/{id}"));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var bearer = host.ClientWithToken(token);
        using var refused = await bearer.GetAsync(ApiTestHelpers.Api("subscriptions"));
        await refused.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_tenants_keys_and_clients_are_not_found()
    {
        using var mine = await host.CreateApiTenantAsync("Mine");
        using var theirs = await host.CreateApiTenantAsync("Theirs");
        using var theirClient = await theirs.Client.PostJsonAsync("oauth-clients", new { name = "theirs" });
        var clientId = (await theirClient.JsonAsync())["id"]!.GetValue<Guid>();
        using var theirKeys = await theirs.Client.GetAsync(ApiTestHelpers.Api("api-keys"));
        var keyId = (await theirKeys.JsonAsync()).AsArray().Single()!["id"]!.GetValue<Guid>();

        using var key = await mine.Client.DeleteAsync(ApiTestHelpers.Api($"api-keys/{keyId}"));
        using var client = await mine.Client.DeleteAsync(ApiTestHelpers.Api($"oauth-clients/{clientId}"));
        using var myList = await mine.Client.GetAsync(ApiTestHelpers.Api("oauth-clients"));

        await key.ProblemAsync(HttpStatusCode.NotFound);
        await client.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await myList.JsonAsync()).AsArray());
        using var stillWorks = await theirs.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""", "name")]
    [InlineData("""{"name":"old","expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt,name")]
    public async Task Bad_input_is_a_400_with_field_errors(string json, string fields)
    {
        using var tenant = await host.CreateApiTenantAsync("Bad input");

        foreach (var route in new[] { "api-keys", "oauth-clients" })
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await tenant.Client.PostAsync(ApiTestHelpers.Api(route), content);

            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(fields.Split(','), problem.FieldErrors().Order());
        }
    }

    [Theory]
    [InlineData("""{"name":""", "application/json")]
    [InlineData("""{"name":"x","expiresAt":"next week"}""", "application/json")]
    [InlineData("name=x", "text/plain")]
    public async Task Unreadable_bodies_are_a_400_or_415_problem_never_a_500(string body, string contentType)
    {
        using var tenant = await host.CreateApiTenantAsync("Unreadable");
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await tenant.Client.PostAsync(ApiTestHelpers.Api("api-keys"), content);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType,
            $"Expected 400 or 415, got {(int)response.StatusCode}.");
        await response.ProblemAsync(response.StatusCode);
        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("api-keys"));
        Assert.Single((await list.JsonAsync()).AsArray());
    }

    [Fact]
    public async Task A_platform_key_creates_a_working_key_and_client_for_a_tenant()
    {
        var tenant = await host.RegisterAsync("Platform made");
        using var platform = host.ClientWithKey(await PlatformKeyAsync());

        using var created = await platform.PostJsonAsync($"tenants/{tenant.Id}/api-keys", new { name = "From the platform" });
        using var createdClient = await platform.PostJsonAsync($"tenants/{tenant.Id}/oauth-clients", new { name = "From the platform" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal("From the platform", body["name"]!.GetValue<string>());
        Assert.Equal(tenant.Id, body["tenantId"]!.GetValue<Guid>());
        using var asTenant = host.ClientWithKey(body["key"]!.GetValue<string>());
        using var subscriptions = await asTenant.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Equal(HttpStatusCode.OK, subscriptions.StatusCode);
        Assert.Equal(HttpStatusCode.Created, createdClient.StatusCode);
        var client = await createdClient.JsonAsync();
        var token = await host.RequestTokenAsync(client["clientId"]!.GetValue<string>(), client["clientSecret"]!.GetValue<string>());
        using var bearer = host.ClientWithToken(token);
        using var mine = await bearer.GetAsync(ApiTestHelpers.Api("api-keys"));
        Assert.Equal(body["id"]!.GetValue<Guid>(), (await mine.JsonAsync()).AsArray().Single()!["id"]!.GetValue<Guid>());
        await using var scope = host.CreateScope();
        var audit = await scope.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TenantId == tenant.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditActions.ApiClientCreated, AuditActions.ApiKeyCreated], audit.Order());
    }

    [Fact]
    public async Task The_platform_routes_refuse_a_tenant_key_and_answer_404_for_an_unknown_tenant()
    {
        using var tenant = await host.CreateApiTenantAsync("Not platform");
        using var platform = host.ClientWithKey(await PlatformKeyAsync());

        using var forbidden = await tenant.Client.PostJsonAsync($"tenants/{tenant.Id}/api-keys", new { name = "escalate" });
        using var forbiddenClient = await tenant.Client.PostJsonAsync($"tenants/{tenant.Id}/oauth-clients", new { name = "escalate" });
        using var unknown = await platform.PostJsonAsync($"tenants/{Guid.NewGuid()}/api-keys", new { name = "nobody" });
        using var tenantRoute = await platform.GetAsync(ApiTestHelpers.Api("api-keys"));

        await forbidden.ProblemAsync(HttpStatusCode.Forbidden);
        await forbiddenClient.ProblemAsync(HttpStatusCode.Forbidden);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        await tenantRoute.ProblemAsync(HttpStatusCode.Forbidden);
        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("api-keys"));
        Assert.Single((await list.JsonAsync()).AsArray());
    }

    private async Task<string> PlatformKeyAsync()
    {
        var (key, value) = ApiKey.Create(null, "platform tests", DateTimeOffset.UtcNow);
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return value;
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteCredentialsApiTests(SqliteHost host) : CredentialsApiTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresCredentialsApiTests(PostgresHost host) : CredentialsApiTests(host.Factory);
