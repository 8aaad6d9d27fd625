using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Notifications;
using Portal.Features.Audit;

namespace Portal.Features.Admin.Outbox;

public sealed class ResendEmail(IDbContextFactory<PortalDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Queues a sent or given-up message again, due now; the notification job sends it at its next poll.</summary>
    public async Task<Result<Guid>> ExecuteAsync(Guid id, CancellationToken cancellationToken = default)
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
