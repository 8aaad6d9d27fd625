using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Deliveries;
using Portal.Features.Audit;
using Portal.Identity;
using Quartz;

namespace Portal.Features.Deliveries;

public sealed record BulkRetriggerFilter(Guid? SubscriptionId, string? EventType, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>Queues "retrigger every failed or exhausted delivery matching the filter" as a background Quartz job;
/// returns at once with the request id, whose progress the UI polls.</summary>
public sealed class StartBulkRetrigger(PortalDbContext db, CurrentUser user, ISchedulerFactory schedulers, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Result<Guid>> ExecuteAsync(BulkRetriggerFilter filter, CancellationToken cancellationToken = default)
    {
        if (user.TenantId is not { } tenantId)
            return Error.NotFound("No tenant is signed in.");
        if (filter.From is not null && filter.To is not null && filter.From > filter.To)
            return Error.Validation("to", "The time range ends before it starts.");
        if (filter.SubscriptionId is { } subscriptionId
            && !await db.Subscriptions.AnyAsync(s => s.Id == subscriptionId, cancellationToken))
            return Error.NotFound("Subscription not found.");

        var request = new BulkRetrigger(tenantId, user.Name ?? "unknown user", filter.SubscriptionId, filter.EventType,
            filter.From, filter.To, clock.GetUtcNow());
        db.BulkRetriggers.Add(request);
        audit.Record(AuditActions.DeliveryBulkRetriggered, AuditTargets.BulkRetrigger, request.Id.ToString(),
            "Failed and exhausted deliveries", Describe(filter));
        await db.SaveChangesAsync(cancellationToken);

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(BulkRetriggerJob.Key,
            new JobDataMap { [BulkRetriggerJob.RequestIdKey] = request.Id.ToString() }, cancellationToken);
        return request.Id;
    }

    private static string Describe(BulkRetriggerFilter filter)
    {
        var parts = new List<string>();
        if (filter.SubscriptionId is { } subscriptionId)
            parts.Add($"subscription {subscriptionId}");
        if (filter.EventType is { Length: > 0 } type)
            parts.Add($"event type {type}");
        if (filter.From is { } from)
            parts.Add($"from {from.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        if (filter.To is { } to)
            parts.Add($"to {to.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        return parts.Count == 0 ? "Filter: all." : $"Filter: {string.Join(", ", parts)}.";
    }
}
