using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Domain.Deliveries;

public sealed class DeliveryTests
{
    [Fact]
    public void New_delivery_is_pending_and_due_now_with_a_stable_webhook_id()
    {
        var @event = new EventBuilder().Build();
        var subscription = new SubscriptionBuilder().ForTenant(@event.TenantId).Build();

        var delivery = new DeliveryBuilder().Of(@event).To(subscription).Build();

        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(TestClock.Now, delivery.NextAttemptAt);
        Assert.Equal(0, delivery.AttemptCount);
        Assert.Equal(@event.TenantId, delivery.TenantId);
        Assert.Equal($"msg_{delivery.Id:N}", delivery.WebhookId);
        Assert.False(delivery.IsFinished);
    }

    [Fact]
    public void Cancel_finishes_the_delivery_and_takes_it_off_the_queue()
    {
        var delivery = new DeliveryBuilder().Build();
        var later = TestClock.Now.AddMinutes(3);

        delivery.Cancel(later);

        Assert.Equal(DeliveryStatus.Cancelled, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(later, delivery.CompletedAt);
        Assert.True(delivery.IsFinished);
    }
}
