using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Features.Deliveries;

/// <summary>One-click retrigger: the delivery becomes due now as a new, manual attempt with the same webhook-id.
/// Allowed whatever its status; another tenant's delivery is simply not found (tenant filter).</summary>
public sealed class RetriggerDelivery(PortalDbContext db, CurrentUser user, DispatchSignal signal, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Result<Guid>> ExecuteAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
            return Error.NotFound("Delivery not found.");

        delivery.Retrigger(user.Name ?? "unknown user", clock.GetUtcNow());
        var eventType = await db.Events.Where(e => e.Id == delivery.EventId).Select(e => e.Type)
            .FirstOrDefaultAsync(cancellationToken);
        var subscription = await db.Subscriptions.Where(s => s.Id == delivery.SubscriptionId).Select(s => s.Name)
            .FirstOrDefaultAsync(cancellationToken);
        audit.Record(AuditActions.DeliveryRetriggered, AuditTargets.Delivery, delivery.Id.ToString(),
            $"{eventType} → {subscription}",
            $"Manual attempt queued after {delivery.AttemptCount} attempt(s); webhook-id {delivery.WebhookId}.");
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The queue head's row lock before the delivery's (the order every writer keeps; see SubscriptionQueue).
            await SubscriptionQueue.LockAsync(db, [delivery.SubscriptionId], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await SubscriptionQueue.LowerHeadAsync(db, [delivery.SubscriptionId], delivery.NextAttemptAt!.Value, cancellationToken,
                locked: true);
            await transaction.CommitAsync(cancellationToken);
        }

        signal.Wake();
        return delivery.Id;
    }
}
