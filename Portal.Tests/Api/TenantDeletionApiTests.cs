using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Api;

/// <summary>DELETE /tenants/{id}: the tenant and everything it owns go, nothing of anyone else's.</summary>
public abstract class TenantDeletionApiTests(PortalAppFactory host)
{
    [Fact]
    public async Task Deleting_a_tenant_removes_all_its_data_and_nothing_else()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var doomed = await host.CreateApiTenantAsync("Doomed");
        using var bystander = await host.CreateApiTenantAsync("Bystander");
        await using var receiver = await WebhookReceiver.StartAsync();
        foreach (var tenant in new[] { doomed, bystander })
        {
            await tenant.Client.CreateSubscriptionAsync(receiver.Url());
            var published = await tenant.Client.PublishAsync();
            await host.WaitForDeliveryAsync(published["id"]!.GetValue<Guid>(), d => d.Status == DeliveryStatus.Succeeded);
        }
        await AddMoreOwnedRowsAsync(doomed);
        var before = await CountAsync(doomed.Id);
        Assert.All(before, c => Assert.True(c.Value > 0, $"The test set-up left no {c.Key} to delete."));
        var bystanderBefore = await CountAsync(bystander.Id);

        using var response = await platform.DeleteAsync(ApiTestHelpers.Api($"tenants/{doomed.Id}"));
        using var again = await platform.GetAsync(ApiTestHelpers.Api($"tenants/{doomed.Id}"));
        using var withDeletedKey = await doomed.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await again.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, withDeletedKey.StatusCode);
        Assert.All(await CountAsync(doomed.Id), c => Assert.True(c.Value == 0, $"{c.Value} {c.Key} left."));
        Assert.Equal(bystanderBefore, await CountAsync(bystander.Id));
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        Assert.True(await db.AuditEntries.IgnoreQueryFilters().AnyAsync(e =>
            e.TenantId == null && e.Action == AuditActions.TenantDeleted && e.TargetId == doomed.Id.ToString()));
        Assert.Equal(0, await OrphansAsync(db));
    }

    [Fact]
    public async Task The_operators_tenant_cannot_be_deleted()
    {
        using var platform = await host.CreatePlatformClientAsync();
        Guid operators;
        await using (var scope = host.CreateScope())
            operators = (await scope.Get<UserManager<PortalUser>>().FindByEmailAsync("admin@portal.local"))!.TenantId;

        using var response = await platform.DeleteAsync(ApiTestHelpers.Api($"tenants/{operators}"));
        using var still = await platform.GetAsync(ApiTestHelpers.Api($"tenants/{operators}"));

        await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    /// <summary>The rows the API set-up does not make: an OAuth client, a portal link, a bulk retrigger, a user claim.</summary>
    private async Task AddMoreOwnedRowsAsync(ApiTenant tenant)
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var now = DateTimeOffset.UtcNow;
        db.ApiClients.Add(ApiClient.Create(tenant.Id, "doomed client", now).Client);
        db.PortalSessions.Add(PortalSession.Create(tenant.Id, tenant.Tenant.Owner.Email!, embed: false, now).Session);
        db.BulkRetriggers.Add(new BulkRetrigger(tenant.Id, "tests", null, null, null, null, now));
        await db.SaveChangesAsync();
        var users = scope.Get<UserManager<PortalUser>>();
        await users.AddClaimAsync((await users.FindByIdAsync(tenant.Tenant.Owner.Id))!, new Claim("test", "doomed"));
    }

    private async Task<Dictionary<string, int>> CountAsync(Guid tenantId)
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var users = db.Users.Where(u => u.TenantId == tenantId).Select(u => u.Id);
        return new Dictionary<string, int>
        {
            ["tenants"] = await db.Tenants.CountAsync(t => t.Id == tenantId),
            ["events"] = await db.Events.IgnoreQueryFilters().CountAsync(e => e.TenantId == tenantId),
            ["deliveries"] = await db.Deliveries.IgnoreQueryFilters().CountAsync(d => d.TenantId == tenantId),
            ["attempts"] = await db.Attempts.IgnoreQueryFilters().CountAsync(a => a.TenantId == tenantId),
            ["subscriptions"] = await db.Subscriptions.IgnoreQueryFilters().CountAsync(s => s.TenantId == tenantId),
            ["bulk retriggers"] = await db.BulkRetriggers.IgnoreQueryFilters().CountAsync(b => b.TenantId == tenantId),
            ["api keys"] = await db.ApiKeys.CountAsync(k => k.TenantId == tenantId),
            ["api clients"] = await db.ApiClients.CountAsync(c => c.TenantId == tenantId),
            ["portal sessions"] = await db.PortalSessions.CountAsync(s => s.TenantId == tenantId),
            ["users"] = await users.CountAsync(),
            ["user claims"] = await db.UserClaims.CountAsync(c => users.Contains(c.UserId)),
            ["audit entries"] = await db.AuditEntries.IgnoreQueryFilters().CountAsync(e => e.TenantId == tenantId),
        };
    }

    /// <summary>Rows whose owner is gone: a subscription's event types or a user's claims left behind by a cascade.</summary>
    private static async Task<int> OrphansAsync(PortalDbContext db) =>
        await db.Database.SqlQueryRaw<int>("""
            SELECT COUNT(*) AS "Value" FROM "SubscriptionEventTypes"
            WHERE "SubscriptionId" NOT IN (SELECT "Id" FROM "Subscriptions")
            """).SingleAsync()
        + await db.UserClaims.CountAsync(c => !db.Users.Any(u => u.Id == c.UserId));
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTenantDeletionApiTests(SqliteHost host) : TenantDeletionApiTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTenantDeletionApiTests(PostgresHost host) : TenantDeletionApiTests(host.Factory);
