using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Subscriptions.Lifecycle;

/// <summary>Whether a subscription's log has anything to download (the tenant's own: the tenant filter applies).</summary>
public sealed class SubscriptionLogQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>Any attempt at all, or since <paramref name="since"/>.</summary>
    public async Task<bool> HasAttemptsAsync(Guid subscriptionId, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return since is { } from
            ? await db.Attempts.AnyAsync(a => a.StartedAt >= from
                && db.Deliveries.Any(d => d.Id == a.DeliveryId && d.SubscriptionId == subscriptionId), cancellationToken)
            : await db.Deliveries.AnyAsync(d => d.SubscriptionId == subscriptionId && d.AttemptCount > 0, cancellationToken);
    }
}
