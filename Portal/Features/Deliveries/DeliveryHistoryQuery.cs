using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;

namespace Portal.Features.Deliveries;

/// <summary>What the history is filtered by. <see cref="Search"/> is an event id (a GUID) or a webhook-id (msg_…).</summary>
public sealed record DeliveryFilter(
    DeliveryStatus? Status = null,
    Guid? SubscriptionId = null,
    string? EventType = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Search = null)
{
    public BulkRetriggerFilter ToBulk() => new(SubscriptionId, EventType, From, To);
}

public sealed record DeliveryHistoryRow(
    Guid Id,
    DateTimeOffset CreatedAt,
    Guid EventId,
    string EventType,
    Guid SubscriptionId,
    string Subscription,
    string Url,
    DeliveryStatus Status,
    int AttemptCount,
    int? LastResponseCode,
    int? LastDurationMs);

public sealed record DeliveryHistoryPage(IReadOnlyList<DeliveryHistoryRow> Rows, int Total);

/// <summary>What the history's filters offer: the tenant's subscriptions and the catalogue's event types.</summary>
public sealed record DeliveryFilterOptions(IReadOnlyList<FilterOption<Guid>> Subscriptions, IReadOnlyList<string> EventTypes);

public sealed record BulkRetriggerProgress(BulkRetriggerStatus Status, int Total, int Done);

/// <summary>The delivery history, one page at a time, newest first (tenant filter applies). Only the page's rows
/// are read; the newest-first order runs on the (TenantId, CreatedAt) index.</summary>
public sealed class DeliveryHistoryQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    private static readonly DeliveryStatus[] Failed = [DeliveryStatus.Exhausted, DeliveryStatus.Retrying];

    public async Task<DeliveryHistoryPage> PageAsync(DeliveryFilter filter, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await (
                from d in query
                join e in db.Events on d.EventId equals e.Id
                join s in db.Subscriptions on d.SubscriptionId equals s.Id
                orderby d.CreatedAt descending, d.Id descending
                select new DeliveryHistoryRow(d.Id, d.CreatedAt, e.Id, e.Type, s.Id, s.Name, s.Url, d.Status,
                    d.AttemptCount, d.LastResponseCode,
                    db.Attempts.Where(a => a.DeliveryId == d.Id).OrderByDescending(a => a.Number)
                        .Select(a => (int?)a.DurationMs).FirstOrDefault()))
            .Skip(Math.Max(page, 0) * pageSize)
            .Take(pageSize)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new DeliveryHistoryPage(rows, total);
    }

    /// <summary>How many deliveries a bulk retrigger with this filter would requeue (failed or exhausted).</summary>
    public async Task<int> CountFailedAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Filtered(db, filter with { Status = null, Search = null })
            .CountAsync(d => Failed.Contains(d.Status), cancellationToken);
    }

    public async Task<DeliveryFilterOptions> FilterOptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscriptions = await db.Subscriptions.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new FilterOption<Guid>(s.Id, s.Name)).ToListAsync(cancellationToken);
        var eventTypes = await db.EventTypes.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
        return new DeliveryFilterOptions(subscriptions, eventTypes);
    }

    /// <summary>How far a bulk retrigger request has come; null while it is not visible yet.</summary>
    public async Task<BulkRetriggerProgress?> BulkProgressAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BulkRetriggers.AsNoTracking().Where(b => b.Id == requestId)
            .Select(b => new BulkRetriggerProgress(b.Status, b.Total, b.Done)).FirstOrDefaultAsync(cancellationToken);
    }

    private static IQueryable<Delivery> Filtered(PortalDbContext db, DeliveryFilter filter)
    {
        var query = db.Deliveries.AsNoTracking();
        if (filter.Status is { } status)
            query = query.Where(d => d.Status == status);
        if (filter.SubscriptionId is { } subscriptionId)
            query = query.Where(d => d.SubscriptionId == subscriptionId);
        if (!string.IsNullOrWhiteSpace(filter.EventType))
            query = query.Where(d => db.Events.Any(e => e.Id == d.EventId && e.Type == filter.EventType));
        if (filter.From is { } from)
            query = query.Where(d => d.CreatedAt >= from);
        if (filter.To is { } to)
            query = query.Where(d => d.CreatedAt <= to);
        if (filter.Search?.Trim() is { Length: > 0 } search)
        {
            if (Guid.TryParse(search, out var eventId))
                query = query.Where(d => d.EventId == eventId || d.Id == eventId);
            else
                query = query.Where(d => d.WebhookId == search);
        }
        return query;
    }
}
