using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Notifications;
using Portal.Features.Audit;

namespace Portal.Features.Admin.Outbox;

/// <summary>One outbox message as the operators' outbox lists it.</summary>
public sealed record OutboxRow(
    Guid Id, OutboxStatus Status, string To, string Subject, string Body, DateTimeOffset CreatedAt,
    DateTimeOffset NotBefore, DateTimeOffset? SentAt, int Attempts, int Resends, string? LastError, int Failures);

public sealed record OutboxPageResult(IReadOnlyList<OutboxRow> Rows, int Total);

/// <summary>Every failure e-mail of every tenant, one page at a time, and the operator's resend.</summary>
public sealed class OutboxAdmin(IDbContextFactory<PortalDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
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

    /// <summary>Queues a sent or given-up message again, due now; the notification job sends it at its next poll.</summary>
    public async Task<Result<Guid>> ResendAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.OutboxEmails.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (email is null)
            return Error.NotFound("That e-mail is no longer in the outbox.");
        if (email.Status == OutboxStatus.Queued)
            return Error.Conflict("That e-mail is still queued: it is sent without a resend.");
        email.Requeue(clock.GetUtcNow());
        audit.On(db).RecordPlatform(AuditActions.EmailResent, AuditTargets.Email, email.Id.ToString(), email.Subject,
            $"To {email.To}.");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("That e-mail changed meanwhile; reload and try again.");
        }
        return email.Id;
    }
}
