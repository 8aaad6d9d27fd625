using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Subscriptions;
using Portal.Features.Publishing;

namespace Portal.Features.Subscriptions.Endpoint;

/// <summary>Sends an event type's sample payload to one subscription through the real delivery path, so it shows
/// in the delivery history like any other event (Accredit, Defacto).</summary>
public sealed class SendSampleEvent(PortalDbContext db, EventPublisher publisher)
{
    public async Task<Result<PublishedEvent>> ExecuteAsync(Guid subscriptionId, string eventType, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        if (subscription.State != SubscriptionState.Active)
            return Error.Validation("subscription", "Resume the subscription before sending it a sample.");
        var type = await db.EventTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Name == eventType, cancellationToken);
        if (type is null)
            return Error.Validation("eventType", $"Unknown event type '{eventType}'.");

        return await publisher.PublishAsync(new PublishEvent(subscription.TenantId, type.Name, type.SamplePayload,
            OnlySubscriptionId: subscription.Id), cancellationToken);
    }
}
