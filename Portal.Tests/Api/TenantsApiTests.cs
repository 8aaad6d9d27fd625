using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>The platform's tenant API: create by external id (idempotent), read, list, edit, suspend, reactivate.</summary>
public abstract class TenantsApiTests(PortalAppFactory host)
{
    [Fact]
    public async Task A_tenant_is_created_read_edited_suspended_and_reactivated()
    {
        using var platform = await host.CreatePlatformClientAsync();
        var externalId = PlatformApi.NewExternalId("cust");

        var created = await platform.CreateTenantAsync(externalId, $"Customer {externalId}");
        var id = created["id"]!.GetValue<Guid>();
        using var byId = await platform.GetAsync(ApiTestHelpers.Api($"tenants/{id}"));
        using var byExternalId = await platform.GetAsync(ApiTestHelpers.Api($"tenants?externalId={externalId}"));
        using var renamed = await platform.PatchAsJsonAsync(ApiTestHelpers.Api($"tenants/{id}"), new { name = $"Renamed {externalId}" });
        using var suspended = await platform.PostAsync(ApiTestHelpers.Api($"tenants/{id}/suspend"), null);
        using var reactivated = await platform.PostAsync(ApiTestHelpers.Api($"tenants/{id}/reactivate"), null);

        Assert.Equal(externalId, created["externalId"]!.GetValue<string>());
        Assert.Equal("active", created["status"]!.GetValue<string>());
        Assert.True(created["createdAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(id, (await byId.JsonAsync())["id"]!.GetValue<Guid>());
        Assert.Equal(id, Assert.Single((await byExternalId.JsonAsync())["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Equal($"Renamed {externalId}", (await renamed.JsonAsync())["name"]!.GetValue<string>());
        Assert.Equal("suspended", (await suspended.JsonAsync())["status"]!.GetValue<string>());
        Assert.Equal("active", (await reactivated.JsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(
            [AuditActions.TenantCreated, AuditActions.TenantUpdated, AuditActions.TenantSuspended, AuditActions.TenantReactivated],
            await AuditActionsAsync(id));
    }

    [Fact]
    public async Task The_same_external_id_again_answers_200_with_the_same_tenant()
    {
        using var platform = await host.CreatePlatformClientAsync();
        var externalId = PlatformApi.NewExternalId("again");

        using var first = await platform.PostJsonAsync("tenants", new { externalId });
        using var second = await platform.PostJsonAsync("tenants", new { externalId, name = "Some other name" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var (a, b) = (await first.JsonAsync(), await second.JsonAsync());
        Assert.Equal(a.ToJsonString(), b.ToJsonString());
        Assert.Equal(externalId, b["name"]!.GetValue<string>()); // no name given: the external id; unchanged by the repeat
    }

    [Fact]
    public async Task Concurrent_creates_of_one_external_id_make_one_tenant()
    {
        using var platform = await host.CreatePlatformClientAsync();
        var externalId = PlatformApi.NewExternalId("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => platform.PostJsonAsync("tenants", new { externalId, name = $"Race {externalId}" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync())["id"]!.GetValue<Guid>()));
        Assert.Single(ids.Distinct());
        await using var scope = host.CreateScope();
        Assert.Equal(1, await scope.Get<PortalDbContext>().Tenants.CountAsync(t => t.ExternalId == externalId));
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task A_name_or_external_id_held_by_another_tenant_is_a_conflict()
    {
        using var platform = await host.CreatePlatformClientAsync();
        var (first, second) = (PlatformApi.NewExternalId("one"), PlatformApi.NewExternalId("two"));
        await platform.CreateTenantAsync(first, $"Taken {first}");
        var other = await platform.CreateTenantAsync(second);

        using var sameName = await platform.PostJsonAsync("tenants", new { externalId = PlatformApi.NewExternalId("three"), name = $"Taken {first}" });
        using var takenExternalId = await platform.PatchAsJsonAsync(
            ApiTestHelpers.Api($"tenants/{other["id"]}"), new { externalId = first });

        Assert.Contains("already exists", (await sameName.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>(),
            StringComparison.Ordinal);
        await takenExternalId.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Tenant_credentials_are_forbidden()
    {
        using var tenant = await host.CreateApiTenantAsync("Not platform");

        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("tenants"));
        using var create = await tenant.Client.PostJsonAsync("tenants", new { externalId = "mine" });
        using var delete = await tenant.Client.DeleteAsync(ApiTestHelpers.Api($"tenants/{tenant.Id}"));

        await list.ProblemAsync(HttpStatusCode.Forbidden);
        await create.ProblemAsync(HttpStatusCode.Forbidden);
        await delete.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_ids_and_bad_input_are_problems_not_500s()
    {
        using var platform = await host.CreatePlatformClientAsync();
        var unknown = Guid.NewGuid();

        using var get = await platform.GetAsync(ApiTestHelpers.Api($"tenants/{unknown}"));
        using var patch = await platform.PatchAsJsonAsync(ApiTestHelpers.Api($"tenants/{unknown}"), new { name = "x" });
        using var suspend = await platform.PostAsync(ApiTestHelpers.Api($"tenants/{unknown}/suspend"), null);
        using var delete = await platform.DeleteAsync(ApiTestHelpers.Api($"tenants/{unknown}"));
        using var noExternalId = await platform.PostJsonAsync("tenants", new { name = "Nameless" });
        using var malformed = await platform.PostAsync(ApiTestHelpers.Api("tenants"),
            new StringContent("{\"externalId\":", Encoding.UTF8, "application/json"));
        using var wrongType = await platform.PostAsync(ApiTestHelpers.Api("tenants"),
            new StringContent("{\"externalId\":42}", Encoding.UTF8, "application/json"));
        using var badCursor = await platform.GetAsync(ApiTestHelpers.Api("tenants?cursor=%%%"));
        using var badLimit = await platform.GetAsync(ApiTestHelpers.Api("tenants?limit=0"));

        await get.ProblemAsync(HttpStatusCode.NotFound);
        await patch.ProblemAsync(HttpStatusCode.NotFound);
        await suspend.ProblemAsync(HttpStatusCode.NotFound);
        await delete.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("externalId", (await noExternalId.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        await malformed.ProblemAsync(HttpStatusCode.BadRequest);
        await wrongType.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("cursor", (await badCursor.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("limit", (await badLimit.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
    }

    [Fact]
    public async Task The_list_pages_through_every_tenant_once_in_name_order()
    {
        using var platform = await host.CreatePlatformClientAsync();
        var prefix = PlatformApi.NewExternalId("page");
        foreach (var n in new[] { "b", "a", "c" })
            await platform.CreateTenantAsync($"{prefix}-{n}");

        var names = new List<string>();
        string? cursor = null;
        do
        {
            var query = cursor is null ? "tenants?limit=7" : $"tenants?limit=7&cursor={cursor}";
            using var response = await platform.GetAsync(ApiTestHelpers.Api(query));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 1, 7);
            names.AddRange(items.Select(t => t!["name"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        await using var scope = host.CreateScope();
        Assert.Equal(await scope.Get<PortalDbContext>().Tenants.CountAsync(), names.Count);
    }

    [Fact]
    public async Task The_seeded_platform_key_creates_tenants()
    {
        using var platform = host.ClientWithKey(PlatformApi.SeededKey);
        var externalId = PlatformApi.NewExternalId("seeded");

        var created = await platform.CreateTenantAsync(externalId);

        Assert.Equal(externalId, created["externalId"]!.GetValue<string>());
    }

    private async Task<string[]> AuditActionsAsync(Guid tenantId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(e => e.TargetType == AuditTargets.Tenant && e.TargetId == tenantId.ToString())
            .OrderBy(e => e.OccurredAt).Select(e => e.Action).ToArrayAsync();
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTenantsApiTests(SqliteHost host) : TenantsApiTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTenantsApiTests(PostgresHost host) : TenantsApiTests(host.Factory);
