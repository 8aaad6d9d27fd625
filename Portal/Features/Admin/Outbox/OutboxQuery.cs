using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Notifications;

namespace Portal.Features.Admin.Outbox;

/// <summary>One outbox message as the operators' outbox lists it.</summary>
public sealed record OutboxRow(
    Guid Id, OutboxStatus Status, string To, string Subject, string Body, DateTimeOffset CreatedAt,
    DateTimeOffset NotBefore, DateTimeOffset? SentAt, int Attempts, int Resends, string? LastError, int Failures);

public sealed record OutboxPageResult(IReadOnlyList<OutboxRow> Rows, int Total);

/// <summary>Every failure e-mail of every tenant, one page at a time.</summary>
public sealed class OutboxQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<OutboxPageResult> PageAsync(OutboxStatus? status, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.OutboxEmails.AsNoTracking();
        query = status switch
        {
            OutboxStatus.Sent => query.Where(e => e.SentAt != null),
            OutboxStatus.Failed => query.Where(e => e.SentAt == null && e.SendAttempts >= OutboxEmail.MaxAttempts),
            OutboxStatus.Queued => query.Where(e => e.SentAt == null && e.SendAttempts < OutboxEmail.MaxAttempts),
            _ => query,
        };
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new OutboxPageResult(rows.Select(e => new OutboxRow(e.Id, e.Status, e.To, e.Subject, e.Body, e.CreatedAt,
            e.NotBefore, e.SentAt, e.Attempts, e.Resends, e.LastError, e.Items)).ToList(), total);
    }
}
