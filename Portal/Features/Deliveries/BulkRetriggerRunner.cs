using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;

namespace Portal.Features.Deliveries;

/// <summary>Does the work of a <see cref="BulkRetrigger"/> in chunks, saving progress after each.</summary>
public sealed class BulkRetriggerRunner(PortalDbContext db, DispatchSignal signal, TimeProvider clock, ILogger<BulkRetriggerRunner> logger)
{
    private const int Chunk = 500;
    private static readonly DeliveryStatus[] Failed = [DeliveryStatus.Exhausted, DeliveryStatus.Retrying, DeliveryStatus.Skipped];

    public async Task RunAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var request = await db.BulkRetriggers.IgnoreQueryFilters().FirstOrDefaultAsync(b => b.Id == requestId, cancellationToken);
        if (request is null || request.Status is BulkRetriggerStatus.Completed or BulkRetriggerStatus.Failed)
            return;

        var ids = await Matching(request).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        request.Start(ids.Count);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var chunk in ids.Chunk(Chunk))
        {
            var deliveries = await db.Deliveries.IgnoreQueryFilters()
                .Where(d => chunk.Contains(d.Id) && d.TenantId == request.TenantId).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            foreach (var delivery in deliveries)
                delivery.Retrigger(request.RequestedBy, now);
            request.Progress(chunk.Length);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // The queue heads' row locks before the deliveries' (the order every writer keeps; see SubscriptionQueue).
                var subscriptions = deliveries.Select(d => d.SubscriptionId).Distinct().ToList();
                await SubscriptionQueue.LockAsync(db, subscriptions, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await SubscriptionQueue.LowerHeadAsync(db, subscriptions, now, cancellationToken, locked: true);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            db.Attach(request);
            signal.Wake();
        }

        request.Complete(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Bulk retrigger {Id} requeued {Count} deliveries.", request.Id, ids.Count);
    }

    private IQueryable<Delivery> Matching(BulkRetrigger request)
    {
        var query = db.Deliveries.IgnoreQueryFilters()
            .Where(d => d.TenantId == request.TenantId && Failed.Contains(d.Status));
        if (request.SubscriptionId is { } subscriptionId)
            query = query.Where(d => d.SubscriptionId == subscriptionId);
        if (request.EventType is { } type)
            query = query.Where(d => db.Events.IgnoreQueryFilters().Any(e => e.Id == d.EventId && e.Type == type));
        if (request.From is { } from)
            query = query.Where(d => d.CreatedAt >= from);
        if (request.To is { } to)
            query = query.Where(d => d.CreatedAt <= to);
        return query;
    }
}
