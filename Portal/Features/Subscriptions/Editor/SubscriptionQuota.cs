using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Common;
using Portal.Data;
using Portal.Notifications;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>How many subscriptions a tenant has and may have (<see cref="QuotaOptions.MaxSubscriptionsPerTenant"/>).</summary>
public sealed record SubscriptionUsage(int Count, int Max)
{
    public bool IsFull => Count >= Max;
}

/// <summary>The per-tenant subscription cap, for the create use case and the subscriptions page alike.</summary>
public sealed class SubscriptionQuota(PortalDbContext db, IOptionsMonitor<QuotaOptions> quotas)
{
    public async Task<SubscriptionUsage> UsageAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        new(await db.Subscriptions.IgnoreQueryFilters().CountAsync(s => s.TenantId == tenantId, cancellationToken),
            quotas.CurrentValue.MaxSubscriptionsPerTenant);

    /// <summary>The conflict to answer when one more subscription would pass the cap; null when it fits.</summary>
    public async Task<Error?> RefusalAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var usage = await UsageAsync(tenantId, cancellationToken);
        return usage.IsFull
            ? Error.Conflict($"Your organisation has reached its limit of {usage.Max} subscriptions. " +
                             "Delete one you no longer need, or ask the platform administrator to raise the limit.")
            : null;
    }
}
