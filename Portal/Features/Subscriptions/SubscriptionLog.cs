using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;

namespace Portal.Features.Subscriptions;

/// <summary>An optional time range of the log: attempts started at or after <see cref="From"/> and before
/// <see cref="To"/>.</summary>
public sealed record LogRange(DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public static LogRange All { get; } = new();

    /// <summary>Reads <c>from</c>/<c>to</c> as ISO 8601 date-times (UTC when no offset is given); a message
    /// the user can act on when a value is not one, or the range is empty.</summary>
    public static (LogRange? Range, string? Problem) Parse(string? from, string? to)
    {
        DateTimeOffset? start = null, end = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!TryParse(from, out var value))
                return (null, $"'from' must be an ISO 8601 date-time such as 2026-12-03T10:00:00Z; '{Shorten(from)}' is not one.");
            start = value;
        }
        if (!string.IsNullOrWhiteSpace(to))
        {
            if (!TryParse(to, out var value))
                return (null, $"'to' must be an ISO 8601 date-time such as 2026-12-03T11:00:00Z; '{Shorten(to)}' is not one.");
            end = value;
        }
        if (start is { } s && end is { } e && e <= s)
            return (null, "'to' must be later than 'from'.");
        return (new LogRange(start, end), null);
    }

    private static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
        && value.Year is >= 1900 and <= 9000;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>Akuiteo's log download: every attempt of a subscription as text, one line each (timestamp, event,
/// attempt no., status or error, duration), optionally within a time range. Streamed: rows are read from one
/// query as the response is written, so a subscription with millions of attempts costs no more memory than one
/// with ten.</summary>
public static class SubscriptionLog
{
    /// <summary>Writes one line per attempt to <paramref name="output"/> (newest first unless
    /// <paramref name="oldestFirst"/>); returns how many lines it wrote.</summary>
    public static async Task<long> WriteAsync(PortalDbContext db, Guid subscriptionId, LogRange range, bool oldestFirst,
        TextWriter output, CancellationToken cancellationToken = default)
    {
        var lines =
            from a in db.Attempts.AsNoTracking()
            join d in db.Deliveries on a.DeliveryId equals d.Id
            join e in db.Events on d.EventId equals e.Id
            where d.SubscriptionId == subscriptionId
            select new LogLine
            {
                Id = a.Id, StartedAt = a.StartedAt, Type = e.Type, EventId = e.Id, Number = a.Number,
                ResponseStatus = a.ResponseStatus, ErrorKind = a.ErrorKind, DurationMs = a.DurationMs, Trigger = a.Trigger,
            };
        if (range.From is { } from)
            lines = lines.Where(l => l.StartedAt >= from);
        if (range.To is { } to)
            lines = lines.Where(l => l.StartedAt < to);
        lines = oldestFirst
            ? lines.OrderBy(l => l.StartedAt).ThenBy(l => l.Id)
            : lines.OrderByDescending(l => l.StartedAt).ThenByDescending(l => l.Id);

        long count = 0;
        await foreach (var l in lines.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var outcome = l.ResponseStatus is { } status ? $"status={status}" : $"error={l.ErrorKind}";
            var manual = l.Trigger == AttemptTrigger.Manual ? " manual" : "";
            await output.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"{l.StartedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {l.Type} event={l.EventId} attempt={l.Number} {outcome} duration={l.DurationMs}ms{manual}\n"));
            count++;
        }
        return count;
    }

    /// <summary>A member-initialised row, so the range and order compose on it in SQL.</summary>
    private sealed class LogLine
    {
        public Guid Id { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public string Type { get; init; } = "";
        public Guid EventId { get; init; }
        public int Number { get; init; }
        public int? ResponseStatus { get; init; }
        public AttemptErrorKind ErrorKind { get; init; }
        public int DurationMs { get; init; }
        public AttemptTrigger Trigger { get; init; }
    }
}
