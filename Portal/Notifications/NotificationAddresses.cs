using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Notifications;

namespace Portal.Notifications;

/// <summary>How far a subscription's notification address may be mailed.</summary>
public enum NotificationEmailStatus
{
    None,

    /// <summary>Nothing is sent to it until its owner follows the confirmation link.</summary>
    AwaitingConfirmation,
    Confirmed,

    /// <summary>A member of the tenant with a confirmed account e-mail: no link needed.</summary>
    Member,
}

/// <summary>Decides who may receive a tenant's failure e-mail, sends confirmation links, confirms them, and counts
/// the tenant's e-mail against its hourly cap. Nothing here saves, except <see cref="ConfirmAsync"/>: callers save
/// what is staged with the change that caused it.</summary>
public sealed class NotificationAddresses(
    PortalDbContext db,
    IOptionsMonitor<SmtpOptions> smtp,
    IOptionsMonitor<QuotaOptions> quotas,
    TimeProvider clock,
    ILogger<NotificationAddresses> logger)
{
    public async Task<NotificationEmailStatus> StatusAsync(Guid tenantId, string? email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
            return NotificationEmailStatus.None;
        // Only confirmed account e-mails count: a self-registered account may carry anyone's address.
        var upper = email.Trim().ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.TenantId == tenantId && u.NormalizedEmail == upper && u.EmailConfirmed, cancellationToken))
            return NotificationEmailStatus.Member;
        var normalized = NotificationRecipient.Normalize(email);
        var confirmed = await db.NotificationRecipients.AnyAsync(
            r => r.TenantId == tenantId && r.Email == normalized && r.ConfirmedAt != null, cancellationToken);
        return confirmed ? NotificationEmailStatus.Confirmed : NotificationEmailStatus.AwaitingConfirmation;
    }

    /// <summary>The status of each address (keyed case-insensitively), for listing many subscriptions at once.</summary>
    public async Task<Dictionary<string, NotificationEmailStatus>> StatusesAsync(Guid tenantId, IEnumerable<string?> emails,
        CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, NotificationEmailStatus>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim()))
            if (!statuses.ContainsKey(email))
                statuses[email] = await StatusAsync(tenantId, email, cancellationToken);
        return statuses;
    }

    public async Task<bool> MayReceiveAsync(Guid tenantId, string email, CancellationToken cancellationToken) =>
        await StatusAsync(tenantId, email, cancellationToken) is NotificationEmailStatus.Member or NotificationEmailStatus.Confirmed;

    /// <summary>Stages a confirmation e-mail to <paramref name="email"/> unless it may already receive mail, one was sent
    /// in the last day, or the tenant's hourly e-mail cap is reached (then the next save tries again).</summary>
    public async Task RequestConfirmationAsync(Guid tenantId, string? email, CancellationToken cancellationToken)
    {
        if (await StatusAsync(tenantId, email, cancellationToken) != NotificationEmailStatus.AwaitingConfirmation)
            return;
        var now = clock.GetUtcNow();
        var normalized = NotificationRecipient.Normalize(email!);
        var recipient = await db.NotificationRecipients
            .FirstOrDefaultAsync(r => r.TenantId == tenantId && r.Email == normalized, cancellationToken);
        if (recipient is not null && !recipient.NeedsConfirmationMail(now))
            return;
        if (!await WithinHourlyCapAsync(tenantId, cancellationToken))
            return;
        if (recipient is null)
        {
            recipient = new NotificationRecipient(tenantId, normalized, now);
            db.NotificationRecipients.Add(recipient);
        }

        var token = recipient.IssueToken(now);
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Name)
            .FirstOrDefaultAsync(cancellationToken) ?? "";
        var link = $"{(smtp.CurrentValue.PortalBaseUrl ?? "").TrimEnd('/')}/notifications/confirm/{token}";
        var body = $"""
            The organisation "{tenant}" asked Portal to e-mail this address when its webhooks fail.
            Nothing is sent to you unless you confirm:

            {link}

            If you don't know them, ignore this e-mail: you will not hear from them through Portal.
            """;
        db.OutboxEmails.Add(new OutboxEmail(tenantId, null, normalized, "Confirm webhook failure e-mails", body, now, now));
    }

    /// <summary>Follows a confirmation link. False when the token is unknown, used, expired or replaced by a newer link.</summary>
    public async Task<bool> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
            return false;
        var hash = NotificationRecipient.HashToken(token);
        var recipient = await db.NotificationRecipients.FirstOrDefaultAsync(r => r.TokenHash == hash, cancellationToken);
        if (recipient is null || !recipient.Confirm(clock.GetUtcNow()))
            return false;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Whether the tenant may have one more e-mail queued now (rows created in the last hour, staged ones
    /// included). Logs when it may not.</summary>
    public async Task<bool> WithinHourlyCapAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var cap = quotas.CurrentValue.MaxEmailsPerTenantPerHour;
        var since = clock.GetUtcNow() - TimeSpan.FromHours(1);
        var staged = db.ChangeTracker.Entries<OutboxEmail>()
            .Count(e => e.State == EntityState.Added && e.Entity.TenantId == tenantId);
        var stored = await db.OutboxEmails.CountAsync(e => e.TenantId == tenantId && e.CreatedAt > since, cancellationToken);
        if (stored + staged < cap)
            return true;
        logger.LogWarning("Tenant {TenantId} reached its cap of {Cap} e-mails per hour: e-mail not queued.", tenantId, cap);
        return false;
    }
}
