using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Subscriptions;
using Portal.Features.Admin.Catalogue;
using Portal.Features.Admin.Tenants;
using Portal.Features.Audit;
using Portal.Features.Deliveries;
using Portal.Features.Publishing;
using Portal.Features.Subscriptions.Editor;
using Portal.Features.Subscriptions.Lifecycle;
using Portal.Features.Subscriptions.Secrets;
using Portal.Identity;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Audit;

/// <summary>The audit log on the real host: the shared write paths record who did what (portal user, API key or
/// OAuth client) in the same save as the change, and each tenant reads only its own entries.</summary>
public abstract class AuditTrailTests(PortalAppFactory host)
{
    [Fact]
    public async Task A_portal_users_changes_and_retrigger_are_recorded_with_the_user_and_what_changed()
    {
        var tenant = await host.RegisterAsync("Audit UI");
        Guid subscriptionId, deliveryId;
        string secret;
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
        {
            var save = scope.Get<SaveSubscription>();
            subscriptionId = (await save.CreateAsync(Input("ERP"))).Value!.Id;
            var published = await scope.Get<EventPublisher>().PublishAsync(new PublishEvent(tenant.Id, "invoice.status", """{"n":1}"""));
            deliveryId = await scope.Get<PortalDbContext>().Deliveries.AsNoTracking()
                .Where(d => d.EventId == published.Value!.EventId).Select(d => d.Id).SingleAsync();
            Assert.True((await scope.Get<RetriggerDelivery>().ExecuteAsync(deliveryId)).Succeeded);
            var edit = Input("ERP v2", "invoice.status", "invoice.inbound");
            edit.Url = "http://127.0.0.1:9/other";
            edit.AuthType = AuthType.Header;
            edit.AuthKey = "X-Auth";
            edit.AuthToken = "tok-never-in-the-log";
            Assert.True((await save.UpdateAsync(subscriptionId, edit)).Succeeded);
            Assert.False((await save.UpdateAsync(subscriptionId, new SubscriptionInput { Url = "nope" })).Succeeded);
            Assert.True((await scope.Get<SubscriptionLifecycle>().PauseAsync(subscriptionId)).Succeeded);
            secret = (await scope.Get<RotateSecret>().ExecuteAsync(subscriptionId)).Value!.Secret;
        }

        var entries = await TenantEntriesAsync(tenant);

        Assert.Equal(
            [
                AuditActions.SubscriptionCreated, AuditActions.DeliveryRetriggered, AuditActions.SubscriptionUpdated,
                AuditActions.SubscriptionPaused, AuditActions.SubscriptionSecretRotated,
            ],
            entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Equal(tenant.Id, e.TenantId);
            Assert.Equal(tenant.Owner.Id, e.ActorId);
            Assert.Equal(tenant.Owner.Email, e.Actor);
            Assert.DoesNotContain("tok-never-in-the-log", e.Details ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(secret, e.Details ?? "", StringComparison.Ordinal);
        });
        var retriggered = entries[1];
        Assert.Equal((AuditTargets.Delivery, deliveryId.ToString(), "invoice.status → ERP"),
            (retriggered.TargetType, retriggered.TargetId, retriggered.TargetName));
        var updated = entries[2];
        Assert.Equal((AuditTargets.Subscription, subscriptionId.ToString(), "ERP v2"),
            (updated.TargetType, updated.TargetId, updated.TargetName));
        Assert.Equal("Changed: name, url, event types (+invoice.inbound), auth.", updated.Details);
        Assert.Equal("Changed: state (Active → Paused).", entries[3].Details);
        Assert.StartsWith("New standard-webhooks secret; the previous one signs until", entries[4].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_key_and_oauth_client_calls_are_recorded_as_that_credential()
    {
        using var tenant = await host.CreateApiTenantAsync("Audit API");
        var created = await tenant.Client.CreateSubscriptionAsync("http://127.0.0.1:9/hook", "invoice.status");
        var id = created["id"]!.GetValue<Guid>();
        var eventId = (await tenant.Client.PublishAsync())["id"]!.GetValue<Guid>();
        Guid deliveryId;
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Tenant.Owner))
            deliveryId = await scope.Get<PortalDbContext>().Deliveries.Where(d => d.EventId == eventId).Select(d => d.Id).SingleAsync();
        using (var retrigger = await tenant.Client.PostAsync(ApiTestHelpers.Api($"deliveries/{deliveryId}/retrigger"), null))
            Assert.Equal(HttpStatusCode.Accepted, retrigger.StatusCode);
        using (var pause = await tenant.Client.PutAsJsonAsync(ApiTestHelpers.Api($"subscriptions/{id}"),
                   new { name = "Receiver", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"), active = false }))
            Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        var client = await host.CreateApiClientAsync(tenant.Tenant);
        using (var oauth = host.ClientWithToken(await host.RequestTokenAsync(client)))
            await oauth.CreateSubscriptionAsync("http://127.0.0.1:9/oauth", "invoice.status");

        var entries = await TenantEntriesAsync(tenant.Tenant);

        var keyId = entries.Single(e => e.Action == AuditActions.ApiKeyCreated).TargetId;
        var byKey = entries.Where(e => e.ActorId == keyId).ToList();
        Assert.Equal([AuditActions.SubscriptionCreated, AuditActions.DeliveryRetriggered, AuditActions.SubscriptionUpdated],
            byKey.Select(e => e.Action));
        Assert.All(byKey, e => Assert.Equal("API key tests", e.Actor));
        Assert.Equal(deliveryId.ToString(), byKey[1].TargetId);
        Assert.Equal("Changed: state (Active → Paused).", byKey[2].Details);
        var byClient = Assert.Single(entries, e => e.ActorId == client.ClientId);
        Assert.Equal((AuditActions.SubscriptionCreated, $"OAuth client {client.ClientId}"), (byClient.Action, byClient.Actor));
        Assert.All(entries, e => Assert.Equal(tenant.Id, e.TenantId));
    }

    [Fact]
    public async Task Tenants_read_only_their_own_entries_and_never_platform_entries()
    {
        var a = await host.RegisterAsync("Audit A");
        var b = await host.RegisterAsync("Audit B");
        var typeName = $"audit.t{Guid.NewGuid():N}"[..20];
        await using (var scope = await host.CreateScopeSignedInAsync(a.Owner))
        {
            Assert.True((await scope.Get<SaveSubscription>().CreateAsync(Input("A's hook"))).Succeeded);
            // An operator's change made while signed in to tenant A is still platform-level.
            Assert.True((await scope.Get<EditCatalogue>().CreateAsync(new EventTypeInput
            {
                Name = typeName, Category = "Audit", Description = "Audited.", SamplePayload = "{}",
            })).Succeeded);
        }

        AuditPage seenByA, seenByB;
        int countedByB;
        await using (var scope = await host.CreateScopeSignedInAsync(a.Owner))
            seenByA = await scope.Get<AuditLogQuery>().TenantPageAsync(new AuditFilter(), 0, 100);
        await using (var scope = await host.CreateScopeSignedInAsync(b.Owner))
        {
            seenByB = await scope.Get<AuditLogQuery>().TenantPageAsync(new AuditFilter(), 0, 100);
            countedByB = await scope.Get<PortalDbContext>().AuditEntries.CountAsync();
        }

        Assert.Equal(0, seenByB.Total);
        Assert.Equal(0, countedByB);
        var own = Assert.Single(seenByA.Rows);
        Assert.Equal((AuditActions.SubscriptionCreated, a.Id), (own.Action, own.TenantId));
        Assert.Equal(1, seenByA.Total);

        await using var operatorScope = host.CreateScope();
        var log = operatorScope.Get<AuditLogQuery>();
        var platform = await log.PlatformPageAsync(new AuditFilter(Target: typeName), 0, 100);
        var typeEntry = Assert.Single(platform.Rows);
        Assert.Equal((AuditActions.EventTypeCreated, (Guid?)null, (string?)null, a.Owner.Email),
            (typeEntry.Action, typeEntry.TenantId, typeEntry.Tenant, typeEntry.Actor));
        var byA = await log.PlatformPageAsync(new AuditFilter(Actor: a.Owner.Email!.ToUpperInvariant()), 0, 100);
        Assert.Equal(2, byA.Total);
        Assert.Contains(byA.Rows, r => r.Tenant == a.Name && r.Action == AuditActions.SubscriptionCreated);
        var filtered = await log.PlatformPageAsync(
            new AuditFilter(Action: AuditActions.SubscriptionCreated, Actor: a.Owner.Email), 0, 100);
        Assert.Equal(1, filtered.Total);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(2, (await log.PlatformPageAsync(new AuditFilter(Actor: a.Owner.Email, From: today, To: today), 0, 100)).Total);
        Assert.Equal(0, (await log.PlatformPageAsync(new AuditFilter(Actor: a.Owner.Email, From: today.AddDays(1)), 0, 100)).Total);
    }

    [Fact]
    public async Task Operator_changes_are_platform_entries_and_a_refused_user_leaves_none_behind()
    {
        var tenant = await host.RegisterAsync("Audit ops");
        var email = $"ops-{Guid.NewGuid():N}@ops.test";
        PortalUser operatorUser;
        await using (var lookup = host.CreateScope())
            operatorUser = (await lookup.Get<UserManager<PortalUser>>().FindByEmailAsync("admin@portal.local"))!;
        string userId, keyId;
        await using (var scope = await host.CreateScopeSignedInAsync(operatorUser))
        {
            var admin = scope.Get<ManageTenants>();
            Assert.False((await admin.AddUserAsync(tenant.Id, "weak-" + email, "short")).Succeeded);
            userId = (await admin.AddUserAsync(tenant.Id, email, null)).Value!.Id;
            Assert.True((await admin.GrantAdminAsync(userId)).Succeeded);
            Assert.True((await admin.RevokeAdminAsync(userId)).Succeeded);
            Assert.True((await admin.SuspendAsync(tenant.Id)).Succeeded);
            Assert.True((await admin.ReactivateAsync(tenant.Id)).Succeeded);
            var keys = scope.Get<ApiKeys>();
            keyId = (await keys.CreatePlatformAsync($"platform {email}")).Value!.Id.ToString();
            Assert.True((await keys.RevokeAsync(Guid.Parse(keyId))).Succeeded);
        }

        await using var check = host.CreateScope();
        var entries = (await check.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.TargetId == tenant.Id.ToString() || e.TargetId == userId || e.TargetId == keyId
                            || e.TargetName.Contains(email))
                .ToListAsync())
            .OrderBy(e => e.OccurredAt).ToList();

        Assert.Equal(
            [
                AuditActions.UserAdded, AuditActions.UserAdminGranted, AuditActions.UserAdminRevoked,
                AuditActions.TenantSuspended, AuditActions.TenantReactivated,
                AuditActions.PlatformApiKeyCreated, AuditActions.PlatformApiKeyRevoked,
            ],
            entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Null(e.TenantId);
            Assert.Equal(("admin@portal.local", operatorUser.Id), (e.Actor, e.ActorId));
        });
        Assert.Equal((email, $"Added to {tenant.Name}."), (entries[0].TargetName, entries[0].Details));
    }

    [Fact]
    public async Task The_operators_page_is_refused_to_a_tenant_user_who_gets_their_own_log()
    {
        var tenant = await host.RegisterAsync("Audit page");
        using var client = host.CreateNonRedirectingClient();
        await SignIn.AsAsync(client, tenant.Owner.Email!, TestTenant.Password);

        using var admin = await client.GetAsync(new Uri("/admin/audit", UriKind.Relative));
        using var own = await client.GetAsync(new Uri("/audit", UriKind.Relative));

        Assert.True(admin.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden,
            $"GET /admin/audit as a tenant user answered {(int)admin.StatusCode}.");
        if (admin.StatusCode == HttpStatusCode.Redirect)
            Assert.Equal("/Account/AccessDenied",
                new Uri(admin.RequestMessage!.RequestUri!, admin.Headers.Location!).AbsolutePath, ignoreCase: true);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Audit log", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(PortalRoles.Admin, typeof(AdminAuditLogPage).GetCustomAttribute<AuthorizeAttribute>()?.Roles);
    }

    [Fact]
    public async Task The_seeded_operator_gets_the_platform_log()
    {
        using var client = host.CreateNonRedirectingClient();
        await SignIn.AsAsync(client, "admin@portal.local", "Portal-demo-2026!");

        using var response = await client.GetAsync(new Uri("/admin/audit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Platform audit log", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The tenant's entries as its owner reads them (tenant filter on), oldest first.</summary>
    private async Task<List<AuditEntry>> TenantEntriesAsync(TestTenant tenant)
    {
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var entries = await scope.Get<PortalDbContext>().AuditEntries.AsNoTracking().ToListAsync();
        return [.. entries.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)];
    }

    private static SubscriptionInput Input(string name, params string[] eventTypes) => new()
    {
        Name = name, Url = "http://127.0.0.1:9/hook", EventTypes = eventTypes.Length == 0 ? ["invoice.status"] : [.. eventTypes],
    };
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteAuditTrailTests(SqliteHost host) : AuditTrailTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresAuditTrailTests(PostgresHost host) : AuditTrailTests(host.Factory);
