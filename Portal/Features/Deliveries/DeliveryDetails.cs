using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;

namespace Portal.Features.Deliveries;

public sealed record AttemptView(
    int Number,
    AttemptTrigger Trigger,
    string? TriggeredBy,
    DateTimeOffset StartedAt,
    int DurationMs,
    string RequestUrl,
    string RequestHeaders,
    string? RequestBody,
    int? ResponseStatus,
    string? ResponseHeaders,
    string? ResponseBody,
    AttemptErrorKind ErrorKind,
    string? ErrorMessage)
{
    /// <summary>What people count: the first attempt is attempt 1 (<see cref="Number"/>, X-JobAttempt on the wire,
    /// stays 0-based).</summary>
    public int Ordinal => Number + 1;
}

public sealed record DeliveryDetails(
    Guid Id,
    string WebhookId,
    Guid EventId,
    string EventType,
    string Subscription,
    DeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<AttemptView> Attempts);

/// <summary>One delivery with its attempts, newest first, for the attempt timeline (tenant filter applies).</summary>
public sealed class DeliveryDetailsQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<DeliveryDetails?> LoadAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var head = await (
                from d in db.Deliveries.AsNoTracking()
                join e in db.Events on d.EventId equals e.Id
                join s in db.Subscriptions on d.SubscriptionId equals s.Id
                where d.Id == deliveryId
                select new { d.Id, d.WebhookId, d.EventId, e.Type, s.Name, d.Status, d.CreatedAt, d.NextAttemptAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (head is null)
            return null;
        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => a.DeliveryId == deliveryId)
            .OrderByDescending(a => a.Number)
            .Select(a => new AttemptView(a.Number, a.Trigger, a.TriggeredBy, a.StartedAt, a.DurationMs, a.RequestUrl,
                a.RequestHeaders, a.RequestBody, a.ResponseStatus, a.ResponseHeaders, a.ResponseBody, a.ErrorKind, a.ErrorMessage))
            .ToListAsync(cancellationToken);
        return new DeliveryDetails(head.Id, head.WebhookId, head.EventId, head.Type, head.Name, head.Status, head.CreatedAt,
            head.NextAttemptAt, attempts);
    }
}
