using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Infrastructure.Builders;

/// <summary>A delivery of an event to a subscription (both of the same tenant, as fan-out makes them).</summary>
public sealed class DeliveryBuilder
{
    private Event? _event;
    private Subscription? _subscription;
    private DateTimeOffset _now = TestClock.Now;

    public DeliveryBuilder Of(Event @event) { _event = @event; return this; }

    public DeliveryBuilder To(Subscription subscription) { _subscription = subscription; return this; }

    public DeliveryBuilder At(DateTimeOffset now) { _now = now; return this; }

    public Delivery Build()
    {
        var subscription = _subscription ?? new SubscriptionBuilder().ForTenant(_event?.TenantId ?? Guid.NewGuid()).Build();
        var @event = _event ?? new EventBuilder().ForTenant(subscription.TenantId).Build();
        return new Delivery(@event.TenantId, @event.Id, subscription.Id, _now);
    }
}
