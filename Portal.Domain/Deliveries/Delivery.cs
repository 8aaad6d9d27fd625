using Portal.Domain.Common;

namespace Portal.Domain.Deliveries;

/// <summary>One event on its way to one subscription. The Deliveries table is the dispatcher's queue.</summary>
public sealed class Delivery : ITenantOwned
{
    private Delivery() { WebhookId = ""; }

    public Delivery(Guid tenantId, Guid eventId, Guid subscriptionId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        EventId = eventId;
        SubscriptionId = subscriptionId;
        WebhookId = $"msg_{Id:N}";
        Status = DeliveryStatus.Pending;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid EventId { get; private set; }
    public Guid SubscriptionId { get; private set; }

    /// <summary>Stable across retries and retriggers: the receiver's idempotency key (webhook-id, X-JobId).</summary>
    public string WebhookId { get; private set; }
    public DeliveryStatus Status { get; private set; }

    /// <summary>Attempts made so far; the next attempt's number (X-JobAttempt) equals it.</summary>
    public int AttemptCount { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public int? LastResponseCode { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsFinished => Status is DeliveryStatus.Succeeded or DeliveryStatus.Exhausted or DeliveryStatus.Cancelled;

    public void Cancel(DateTimeOffset now)
    {
        Status = DeliveryStatus.Cancelled;
        NextAttemptAt = null;
        CompletedAt = now;
    }
}
