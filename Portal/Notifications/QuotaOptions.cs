using System.ComponentModel.DataAnnotations;

namespace Portal.Notifications;

/// <summary>The <c>Quotas</c> section: per-tenant caps that keep a self-registered tenant from turning Portal into a
/// mail relay. Admins change them on /admin/dispatcher (subscriptions) and /admin/email (e-mail).</summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    [Range(1, 1_000_000)]
    public int MaxSubscriptionsPerTenant { get; set; } = 1000;

    /// <summary>New outbox e-mails (failure notices and confirmation links) per tenant in any rolling hour; failures
    /// folded into an e-mail already queued don't count.</summary>
    [Range(1, 100_000)]
    public int MaxEmailsPerTenantPerHour { get; set; } = 20;
}
