using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Features.Deliveries;

namespace Portal.Features.Subscriptions.Lifecycle;

/// <summary>Svix's recover: re-enable (or resume) a subscription and send again what was skipped while it was disabled
/// or failed for good since <c>since</c> — a bulk retrigger of its skipped and exhausted deliveries, in the background.</summary>
public sealed class RecoverSubscription(PortalDbContext db, SubscriptionLifecycle lifecycle, StartBulkRetrigger bulk)
{
    public async Task<Result<Guid>> ExecuteAsync(Guid subscriptionId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var state = await db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => (Domain.Subscriptions.SubscriptionState?)s.State)
            .FirstOrDefaultAsync(cancellationToken);
        if (state is null)
            return Error.NotFound("Subscription not found.");
        if (state != Domain.Subscriptions.SubscriptionState.Active
            && (await lifecycle.ResumeAsync(subscriptionId, cancellationToken)).Error is { } error)
            return error;
        return await bulk.ExecuteAsync(new BulkRetriggerFilter(subscriptionId, null, since, null), cancellationToken);
    }
}
