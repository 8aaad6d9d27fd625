using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Notifications;
using Portal.Domain.Subscriptions;

namespace Portal.Notifications;

/// <summary>Queues failure e-mail in the outbox (one per subscription per window, summarising) and sends what is due.</summary>
public sealed class NotificationService(
    PortalDbContext db,
    SmtpEmailSender sender,
    NotificationAddresses addresses,
    IOptionsMonitor<SmtpOptions> smtpOptions,
    TimeProvider clock,
    ILogger<NotificationService> logger)
{
    private readonly Dictionary<Guid, string> _tenantNames = [];

    /// <summary>Adds a line about a failure of <paramref name="subscription"/> to the outbox (not saved: the
    /// caller saves it with the state change that caused it). Only members' and confirmed addresses are mailed, and
    /// a new e-mail only while the tenant is under its hourly cap.</summary>
    public async Task QueueFailureAsync(Subscription subscription, string line, CancellationToken cancellationToken)
    {
        if (!subscription.Notification.Enabled || string.IsNullOrWhiteSpace(subscription.Notification.Email))
            return;
        if (!await addresses.MayReceiveAsync(subscription.TenantId, subscription.Notification.Email, cancellationToken))
            return;

        var now = clock.GetUtcNow();
        var window = smtpOptions.CurrentValue.NotificationWindow;
        var stamped = $"{now:u}  {line}";
        var pending = db.ChangeTracker.Entries<OutboxEmail>().Select(e => e.Entity)
                          .FirstOrDefault(e => e.SubscriptionId == subscription.Id && e.IsOpen)
                      ?? await db.Set<OutboxEmail>()
                          .Where(e => e.SubscriptionId == subscription.Id && e.SentAt == null && e.ClaimedAt == null
                                      && e.SendAttempts < OutboxEmail.MaxAttempts)
                          .OrderByDescending(e => e.CreatedAt)
                          .FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            pending.Append(stamped);
            await ComposeAsync(pending, subscription, cancellationToken);
            return;
        }

        // The last e-mail sent (or being sent) opens the window; this one waits for its end.
        var lastSent = await db.Set<OutboxEmail>()
            .Where(e => e.SubscriptionId == subscription.Id && (e.SentAt != null || e.ClaimedAt != null))
            .MaxAsync(e => e.SentAt ?? e.ClaimedAt, cancellationToken);
        if (!await addresses.WithinHourlyCapAsync(subscription.TenantId, cancellationToken))
            return;
        var notBefore = lastSent is { } sent && sent + window > now ? sent + window : now;
        var email = new OutboxEmail(subscription.TenantId, subscription.Id, subscription.Notification.Email,
            $"Webhook failing: {subscription.Name}", stamped, now, notBefore);
        await ComposeAsync(email, subscription, cancellationToken);
        db.Add(email);
    }

    /// <summary>Renders the admin's template (read now: a template change applies to messages not yet sent).</summary>
    private async Task ComposeAsync(OutboxEmail email, Subscription subscription, CancellationToken cancellationToken)
    {
        var smtp = smtpOptions.CurrentValue;
        if (!_tenantNames.TryGetValue(subscription.TenantId, out var tenant))
        {
            // Once per tenant per scope: a recording batch can fold many failures of one tenant.
            tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == subscription.TenantId)
                .Select(t => t.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
            _tenantNames[subscription.TenantId] = tenant;
        }
        var facts = new FailureFacts(subscription.Name, subscription.Url, tenant, email.Items, email.Failures,
            FailureFacts.WithoutTimestamp(email.LastFailure),
            subscription.Stats.FailingSince ?? email.CreatedAt,
            FailureFacts.HistoryLinkFor(smtp.PortalBaseUrl, subscription.Id));
        var values = facts.ToValues();
        email.Compose(NotificationTemplate.Render(smtp.SubjectTemplate, values),
            NotificationTemplate.Render(smtp.BodyTemplate, values));
    }

    /// <summary>Sends due outbox messages. Without SMTP configuration they stay in the outbox.</summary>
    public async Task<int> SendDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        if (!smtpOptions.CurrentValue.IsConfigured)
            return 0;

        var now = clock.GetUtcNow();
        // A claim older than this belongs to a sender that died mid-send: sent again (at-least-once).
        var staleClaim = now - TimeSpan.FromMinutes(10);
        var due = await db.Set<OutboxEmail>()
            .Where(e => e.SentAt == null && e.NotBefore <= now && e.SendAttempts < OutboxEmail.MaxAttempts
                        && (e.ClaimedAt == null || e.ClaimedAt < staleClaim))
            .OrderBy(e => e.NotBefore)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
            return 0;

        // Claim first: from here on nothing is appended to these messages, so what is sent is what is stored.
        foreach (var email in due)
            email.Claim(now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A failure was just appended to one of them: the next poll sends it with that line.
            db.ChangeTracker.Clear();
            return 0;
        }

        var results = await sender.SendAsync(due, cancellationToken);
        var sentAt = clock.GetUtcNow();
        foreach (var email in due)
        {
            if (results.GetValueOrDefault(email.Id) is { } error)
            {
                email.MarkFailed(error, sentAt);
                logger.LogWarning("Failure e-mail to {To} not sent: {Error}", email.To, error);
            }
            else
            {
                email.MarkSent(sentAt);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count(e => e.IsSent);
    }
}
