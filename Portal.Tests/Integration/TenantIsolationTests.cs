using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Domain.Subscriptions;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Integration;

/// <summary>Tenant A, signed in through the real Identity stack, tries to reach tenant B's data.</summary>
public abstract class TenantIsolationTests(PortalAppFactory host)
{
    [Fact]
    public async Task Other_tenants_subscription_by_id_is_not_found()
    {
        var (a, b) = await TwoTenantsAsync();
        await using var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner);
        var db = scope.Get<PortalDbContext>();

        Assert.Null(await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == b.Subscription.Id));
        Assert.Null(await db.Subscriptions.FindAsync(b.Subscription.Id));
        Assert.NotNull(await db.Subscriptions.FindAsync(a.Subscription.Id));
    }

    [Fact]
    public async Task Listing_subscriptions_returns_only_the_signed_in_tenants()
    {
        var (a, _) = await TwoTenantsAsync();
        await using var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner);
        var db = scope.Get<PortalDbContext>();

        var listed = await db.Subscriptions.ToListAsync();

        Assert.Equal(a.Subscription.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task Contexts_from_the_scoped_factory_are_filtered_too()
    {
        var (a, b) = await TwoTenantsAsync();
        await using var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner);
        await using var db = await scope.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        var ids = await db.Subscriptions.Select(s => s.Id).ToListAsync();

        Assert.Equal([a.Subscription.Id], ids);
        Assert.DoesNotContain(b.Subscription.Id, ids);
    }

    [Fact]
    public async Task Saving_a_change_to_other_tenants_subscription_is_refused()
    {
        var (a, b) = await TwoTenantsAsync();
        await using (var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner))
        {
            var db = scope.Get<PortalDbContext>();
            var foreign = await db.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == b.Subscription.Id);
            foreign.Rename("Hijacked");

            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using var check = host.Database.CreateContext();
        var stored = await check.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == b.Subscription.Id);
        Assert.Equal(b.Subscription.Name, stored.Name);
    }

    [Fact]
    public async Task Deleting_other_tenants_subscription_is_refused()
    {
        var (a, b) = await TwoTenantsAsync();
        await using (var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner))
        {
            var db = scope.Get<PortalDbContext>();
            db.Subscriptions.Remove(await db.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == b.Subscription.Id));

            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using var check = host.Database.CreateContext();
        Assert.True(await check.Subscriptions.IgnoreQueryFilters().AnyAsync(s => s.Id == b.Subscription.Id));
    }

    [Fact]
    public async Task Changing_other_tenants_subscription_event_types_is_refused()
    {
        var (a, b) = await TwoTenantsAsync();
        await using (var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner))
        {
            var db = scope.Get<PortalDbContext>();
            var foreign = await db.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == b.Subscription.Id);
            // Only the owned event-type rows change; the subscription row itself stays unmodified.
            foreign.SetEventTypes(["employee.deleted"]);

            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using var check = host.Database.CreateContext();
        var stored = await check.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == b.Subscription.Id);
        Assert.Equal(b.Subscription.EventTypes.Select(e => e.Name), stored.EventTypes.Select(e => e.Name));
    }

    [Fact]
    public async Task Changing_own_subscription_event_types_is_allowed()
    {
        var (a, _) = await TwoTenantsAsync();
        await using (var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner))
        {
            var db = scope.Get<PortalDbContext>();
            var own = await db.Subscriptions.SingleAsync(s => s.Id == a.Subscription.Id);
            own.SetEventTypes(["employee.created", "employee.deleted"]);
            await db.SaveChangesAsync();
        }

        await using var check = host.Database.CreateContext();
        var stored = await check.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == a.Subscription.Id);
        Assert.Equal(["employee.created", "employee.deleted"], stored.EventTypes.Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Adding_a_subscription_for_another_tenant_is_refused()
    {
        var (a, b) = await TwoTenantsAsync();
        await using var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner);
        var db = scope.Get<PortalDbContext>();

        db.Subscriptions.Add(new SubscriptionBuilder().ForTenant(b.Tenant.Id).Build());

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Saving_own_subscription_is_allowed()
    {
        var (a, _) = await TwoTenantsAsync();
        await using var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner);
        var db = scope.Get<PortalDbContext>();
        var own = await db.Subscriptions.SingleAsync(s => s.Id == a.Subscription.Id);

        own.Rename("Renamed by its owner");

        Assert.Equal(1, await db.SaveChangesAsync());
    }

    [Fact]
    public async Task Events_deliveries_and_attempts_of_other_tenant_are_hidden()
    {
        var (a, b) = await TwoTenantsAsync();
        await using var scope = await host.CreateScopeSignedInAsync(a.Tenant.Owner);
        var db = scope.Get<PortalDbContext>();
        Guid[] eventIds = [a.Event.Id, b.Event.Id];
        Guid[] deliveryIds = [a.Delivery.Id, b.Delivery.Id];
        Guid[] attemptIds = [a.Attempt.Id, b.Attempt.Id];

        Assert.Equal([a.Event.Id], await db.Events.Where(e => eventIds.Contains(e.Id)).Select(e => e.Id).ToListAsync());
        Assert.Equal([a.Delivery.Id], await db.Deliveries.Where(d => deliveryIds.Contains(d.Id)).Select(d => d.Id).ToListAsync());
        Assert.Equal([a.Attempt.Id], await db.Attempts.Where(t => attemptIds.Contains(t.Id)).Select(t => t.Id).ToListAsync());
        Assert.Null(await db.Events.FindAsync(b.Event.Id));
        Assert.Null(await db.Deliveries.FindAsync(b.Delivery.Id));
        Assert.Null(await db.Attempts.FindAsync(b.Attempt.Id));
        Assert.All(await db.Deliveries.ToListAsync(), d => Assert.Equal(a.Tenant.Id, d.TenantId));
    }

    [Fact]
    public async Task Without_a_signed_in_user_nothing_tenant_owned_is_visible()
    {
        var (a, b) = await TwoTenantsAsync();
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();

        Assert.Equal(0, await db.Subscriptions.CountAsync());
        Assert.Equal(0, await db.Events.CountAsync());
        Assert.Equal(0, await db.Deliveries.CountAsync());
        Assert.Equal(0, await db.Attempts.CountAsync());
        Assert.Null(await db.Subscriptions.FindAsync(a.Subscription.Id));
        // The rows are there: only the filter hides them.
        Guid[] ids = [a.Subscription.Id, b.Subscription.Id];
        Assert.Equal(2, await db.Subscriptions.IgnoreQueryFilters().CountAsync(s => ids.Contains(s.Id)));
    }

    private async Task<(TenantData A, TenantData B)> TwoTenantsAsync() =>
        (await TenantWithDataAsync("Tenant A"), await TenantWithDataAsync("Tenant B"));

    /// <summary>A registered tenant with one subscription, one event delivered to it, and one attempt, written as
    /// background work does (no signed-in user).</summary>
    private async Task<TenantData> TenantWithDataAsync(string prefix)
    {
        var tenant = await host.RegisterAsync(prefix);
        var subscription = new SubscriptionBuilder().ForTenant(tenant.Id).Named($"{prefix} endpoint").Build();
        var @event = new EventBuilder().ForTenant(tenant.Id).Build();
        var delivery = new DeliveryBuilder().Of(@event).To(subscription).Build();
        var attempt = new AttemptBuilder().Of(delivery).Build();

        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        db.AddRange(subscription, @event, delivery, attempt);
        await db.SaveChangesAsync();
        return new TenantData(tenant, subscription, @event, delivery, attempt);
    }

    private sealed record TenantData(TestTenant Tenant, Subscription Subscription, Event Event, Delivery Delivery, Attempt Attempt);
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTenantIsolationTests(SqliteHost host) : TenantIsolationTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTenantIsolationTests(PostgresHost host) : TenantIsolationTests(host.Factory);
