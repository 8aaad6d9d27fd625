using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Features.Admin.Catalogue;
using Portal.Features.Publishing;
using Portal.Features.Subscriptions.Editor;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Admin;

/// <summary>Catalogue management on the real host: what archiving means for publishing and subscribing, and who
/// may open the page.</summary>
public abstract class CatalogueAdminTests(PortalAppFactory host)
{
    [Fact]
    public async Task Archiving_refuses_publishing_and_new_subscriptions_but_keeps_existing_ones()
    {
        var name = $"order.shipped_{Guid.NewGuid():N}"[..24];
        var tenant = await host.RegisterAsync("Archive");
        Guid typeId;
        await using (var scope = host.CreateScope())
        {
            var created = await scope.Get<EditCatalogue>().CreateAsync(new EventTypeInput
            {
                Name = name, Category = "Orders", Description = "An order left the warehouse.",
                SamplePayload = """{"orderId": 7}""",
            });
            typeId = created.Value;
            Assert.True(created.Succeeded);
        }

        Guid existingId;
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
        {
            existingId = (await scope.Get<SaveSubscription>().CreateAsync(Subscription("existing", name))).Value!.Id;
            await using var admin = host.CreateScope();
            Assert.Equal(1, await admin.Get<EditCatalogue>().CountSubscriptionsAsync(name));
            Assert.True((await admin.Get<EditCatalogue>().ArchiveAsync(typeId)).Succeeded);
        }

        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
        {
            var published = await scope.Get<EventPublisher>().PublishAsync(new PublishEvent(tenant.Id, name, """{"orderId": 8}"""));
            Assert.Equal(ErrorKind.Validation, published.Error?.Kind);
            Assert.Contains("archived", published.Error!.Message, StringComparison.Ordinal);

            var subscribed = await scope.Get<SaveSubscription>().CreateAsync(Subscription("new", name));
            Assert.Contains("Archived", subscribed.Error?.Fields?["eventTypes"][0], StringComparison.Ordinal);

            var existing = await scope.Get<PortalDbContext>().Subscriptions.AsNoTracking()
                .SingleAsync(s => s.Id == existingId);
            Assert.Equal([name], existing.EventTypes.Select(e => e.Name));
            var edited = await scope.Get<SaveSubscription>().UpdateAsync(existingId, Subscription("existing, renamed", name));
            Assert.True(edited.Succeeded, edited.Error?.Message);
        }

        await using (var scope = host.CreateScope())
            Assert.True((await scope.Get<EditCatalogue>().RestoreAsync(typeId)).Succeeded);
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
        {
            var published = await scope.Get<EventPublisher>().PublishAsync(new PublishEvent(tenant.Id, name, """{"orderId": 9}"""));
            Assert.Equal(1, published.Value?.Deliveries);
        }
    }

    [Fact]
    public async Task Saved_payloads_are_pretty_printed_and_the_name_cannot_change()
    {
        var name = $"stock.low_{Guid.NewGuid():N}"[..20];
        await using var scope = host.CreateScope();
        var admin = scope.Get<EditCatalogue>();
        var id = (await admin.CreateAsync(new EventTypeInput
        {
            Name = name, Category = "Stock", Description = "Stock ran low.", SamplePayload = """{"sku":"A1","left":2}""",
            Schema = """{"type":"object","properties":{"left":{"type":"integer"}}}""",
        })).Value;

        var updated = await admin.UpdateAsync(id, new EventTypeInput
        {
            Name = "renamed.type", Category = "Inventory", Description = "Stock ran low.", SamplePayload = """{"sku":"A1","left":1}""",
        });

        Assert.True(updated.Succeeded, updated.Error?.Message);
        var row = (await admin.ListAsync()).Single(t => t.Id == id);
        Assert.Equal(name, row.Name);
        Assert.Equal("Inventory", row.Category);
        Assert.Equal("{\n  \"sku\": \"A1\",\n  \"left\": 1\n}", row.SamplePayload.ReplaceLineEndings("\n"));
        Assert.Null(row.Schema);
    }

    [Fact]
    public async Task The_page_redirects_anonymous_visitors_to_sign_in()
    {
        using var client = host.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri("/admin/catalogue", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
        Assert.Equal("/Account/Login", location.AbsolutePath, ignoreCase: true);
    }

    [Fact]
    public async Task A_signed_in_tenant_user_is_refused()
    {
        var tenant = await host.RegisterAsync("NotAdmin");
        using var client = host.CreateNonRedirectingClient();
        await SignIn.AsAsync(client, tenant.Owner.Email!, TestTenant.Password);

        using var response = await client.GetAsync(new Uri("/admin/catalogue", UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden,
            $"GET /admin/catalogue as a tenant user answered {(int)response.StatusCode}.");
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.Equal("/Account/AccessDenied",
                new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!).AbsolutePath, ignoreCase: true);
    }

    [Fact]
    public async Task The_seeded_admin_gets_the_page()
    {
        using var client = host.CreateNonRedirectingClient();
        await SignIn.AsAsync(client, "admin@portal.local", "Portal-demo-2026!");

        using var response = await client.GetAsync(new Uri("/admin/catalogue", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Manage event catalogue", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_is_for_admins_only()
    {
        var authorize = typeof(CatalogueAdminPage).GetCustomAttribute<AuthorizeAttribute>();
        Assert.Equal(PortalRoles.Admin, authorize?.Roles);
    }

    private static SubscriptionInput Subscription(string name, string eventType) =>
        new() { Name = name, Url = "http://127.0.0.1:9/hook", EventTypes = [eventType] };
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteCatalogueAdminTests(SqliteHost host) : CatalogueAdminTests(host.Factory);
