using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Credentials;

/// <summary>Self-service credentials through the services the settings page uses: owners create and revoke, members
/// only look, and what is revoked or expired stops working on the API.</summary>
public abstract class TenantCredentialsTests(PortalAppFactory host)
{
    [Fact]
    public async Task Owner_creates_a_key_that_works_on_the_api_until_revoked()
    {
        var tenant = await host.RegisterAsync("Self service");
        CreatedApiKey key;
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            key = (await scope.Get<ApiKeys>().CreateAsync("ERP", DateTimeOffset.UtcNow.AddDays(30))).Value!;
        using var client = host.ClientWithKey(key.Value);

        using (var before = await client.GetAsync(ApiTestHelpers.Api("subscriptions")))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            Assert.True((await scope.Get<ApiKeys>().RevokeAsync(key.Id)).Succeeded);
        using var after = await client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        var problem = await after.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith(key.Prefix, key.Value, StringComparison.Ordinal);
        var audit = await TenantAuditAsync(tenant.Id);
        Assert.Equal([AuditActions.ApiKeyCreated, AuditActions.ApiKeyRevoked], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(tenant.Owner.Id, e.ActorId));
    }

    [Fact]
    public async Task A_key_stops_working_when_it_expires_also_while_remembered()
    {
        var tenant = await host.RegisterAsync("Expiring key");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        CreatedApiKey key;
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            key = (await scope.Get<ApiKeys>().CreateAsync("short-lived", expiresAt)).Value!;
        using var client = host.ClientWithKey(key.Value);
        using (var before = await client.GetAsync(ApiTestHelpers.Api("event-types")))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        using var after = await client.GetAsync(ApiTestHelpers.Api("event-types"));

        var problem = await after.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var check = await host.CreateScopeSignedInAsync(tenant.Owner);
        Assert.Equal(CredentialStatus.Expired, (await check.Get<ApiKeys>().ListAsync()).Single().Status);
    }

    [Fact]
    public async Task An_expired_client_gets_no_token()
    {
        var tenant = await host.RegisterAsync("Expired client");
        var (client, secret) = ApiClient.Create(tenant.Id, "old", DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(-1));
        await using (var scope = host.CreateScope())
        {
            scope.Get<PortalDbContext>().ApiClients.Add(client);
            await scope.Get<PortalDbContext>().SaveChangesAsync();
        }

        using var response = await host.PostTokenRequestAsync(client.ClientId, secret);

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_client", problem["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_clients_token_stops_working_when_the_client_expires_and_its_use_is_recorded()
    {
        var tenant = await host.RegisterAsync("Expiring client");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        CreatedApiClient created;
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            created = (await scope.Get<ApiClients>().CreateAsync("short-lived", expiresAt)).Value!;
        using var bearer = host.ClientWithToken(await host.RequestTokenAsync(created));
        using (var before = await bearer.GetAsync(ApiTestHelpers.Api("subscriptions")))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        using var after = await bearer.GetAsync(ApiTestHelpers.Api("subscriptions"));

        var problem = await after.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var check = await host.CreateScopeSignedInAsync(tenant.Owner);
        var listed = (await check.Get<ApiClients>().ListAsync()).Single();
        Assert.NotNull(listed.LastUsedAt);
        Assert.Equal(CredentialStatus.Expired, listed.Status);
    }

    [Fact]
    public async Task A_member_sees_the_credentials_but_cannot_create_or_revoke_them()
    {
        var tenant = await host.RegisterAsync("Members");
        var key = await CreateKeyAsOwnerAsync(tenant);
        var (member, _) = await host.AddColleagueAsync(tenant);
        await using var scope = await host.CreateScopeSignedInAsync(member);
        var (keys, clients) = (scope.Get<ApiKeys>(), scope.Get<ApiClients>());

        var createKey = await keys.CreateAsync("mine");
        var createClient = await clients.CreateAsync("mine");
        var revoke = await keys.RevokeAsync(key.Id);

        Assert.Equal(ErrorKind.Forbidden, createKey.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, createClient.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, revoke.Error?.Kind);
        var listed = Assert.Single(await keys.ListAsync());
        Assert.Equal((key.Id, CredentialStatus.Active), (listed.Id, listed.Status));
    }

    [Fact]
    public async Task Names_and_expiries_are_checked_field_by_field()
    {
        var tenant = await host.RegisterAsync("Checked");
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var keys = scope.Get<ApiKeys>();

        var blank = await keys.CreateAsync("  ");
        var both = await keys.CreateAsync(new string('k', 101), DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.Equal(["name"], blank.Error!.Fields!.Keys);
        Assert.Equal(["expiresAt", "name"], both.Error!.Fields!.Keys.Order());
        Assert.Empty(await keys.ListAsync());
    }

    private async Task<CreatedApiKey> CreateKeyAsOwnerAsync(TestTenant tenant)
    {
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        return (await scope.Get<ApiKeys>().CreateAsync("owner's")).Value!;
    }

    private async Task<List<Portal.Domain.Audit.AuditEntry>> TenantAuditAsync(Guid tenantId)
    {
        await using var scope = host.CreateScope();
        var entries = await scope.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TenantId == tenantId).ToListAsync();
        return [.. entries.OrderBy(e => e.OccurredAt)];
    }

}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTenantCredentialsTests(SqliteHost host) : TenantCredentialsTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTenantCredentialsTests(PostgresHost host) : TenantCredentialsTests(host.Factory);
