using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Catalogue;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;

namespace Portal.Tests.Features;

/// <summary>Builds one tenant's rows: <c>await new TestData(db, tenant).Subscription(...).SaveAsync()</c>.</summary>
public sealed class TestData(PortalDbContext db, Tenant tenant)
{
    public static readonly DateTimeOffset Now = new(2026, 11, 5, 12, 0, 0, TimeSpan.Zero);

    public static async Task<Tenant> AddTenantAsync(PortalDbContext db, string name)
    {
        var tenant = new Tenant(name, Now.AddDays(-30));
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant;
    }

    public static EventType EventType(string name, string category, string? description = null, string payload = "{}") =>
        new(name, category, description ?? $"Description of {name}.", payload);

    public Subscription Subscription(string name, SubscriptionState state = SubscriptionState.Active, params string[] eventTypes)
    {
        var subscription = new Subscription(tenant.Id, name, "https://hooks.example.com/" + name,
            eventTypes.Length == 0 ? ["invoice.status"] : eventTypes, Now.AddDays(-10));
        if (state == SubscriptionState.Paused)
            subscription.Pause(Now.AddDays(-1));
        else if (state == SubscriptionState.Disabled)
            subscription.Disable("Endpoint kept failing", Now.AddDays(-1));
        db.Subscriptions.Add(subscription);
        return subscription;
    }

    public Event Event(TimeSpan age, string type = "invoice.status")
    {
        var @event = new Event(tenant.Id, type, """{"id":1}""", Now - age);
        db.Events.Add(@event);
        return @event;
    }

    public Delivery Delivery(Event @event, Subscription subscription, DeliveryStatus status)
    {
        var delivery = new Delivery(tenant.Id, @event.Id, subscription.Id, @event.OccurredAt);
        db.Deliveries.Add(delivery);
        // The dispatcher moves deliveries between states; a test only needs the outcome.
        db.Entry(delivery).Property(d => d.Status).CurrentValue = status;
        return delivery;
    }

    public Task SaveAsync() => db.SaveChangesAsync();
}
