using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;

namespace Portal.Features.Subscriptions;

/// <summary>Akuiteo's log download: a subscription's recent attempts as text, one line each
/// (timestamp, event, attempt no., status or error, duration).</summary>
public static class SubscriptionLog
{
    public const int MaxLines = 1000;

    public static async Task<string> BuildAsync(PortalDbContext db, Guid subscriptionId, CancellationToken cancellationToken = default)
    {
        var lines = await (
                from a in db.Attempts.AsNoTracking()
                join d in db.Deliveries on a.DeliveryId equals d.Id
                join e in db.Events on d.EventId equals e.Id
                where d.SubscriptionId == subscriptionId
                orderby a.StartedAt descending
                select new { a.StartedAt, e.Type, EventId = e.Id, a.Number, a.ResponseStatus, a.ErrorKind, a.DurationMs, a.Trigger })
            .Take(MaxLines)
            .ToListAsync(cancellationToken);

        var text = new StringBuilder();
        foreach (var l in lines)
        {
            var outcome = l.ResponseStatus is { } status ? $"status={status}" : $"error={l.ErrorKind}";
            var manual = l.Trigger == AttemptTrigger.Manual ? " manual" : "";
            text.Append(CultureInfo.InvariantCulture,
                $"{l.StartedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {l.Type} event={l.EventId} attempt={l.Number} {outcome} duration={l.DurationMs}ms{manual}\n");
        }
        return text.ToString();
    }
}
