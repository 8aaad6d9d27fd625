using Portal.Notifications;

namespace Portal.Features.Admin.Email;

/// <summary>The e-mail settings form: bound by the page, checked by <see cref="EmailSettingsInputValidator"/>.</summary>
public sealed class EmailSettingsInput
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }

    /// <summary>A new password; blank keeps the current one (which is never shown).</summary>
    public string? Password { get; set; }

    /// <summary>Whether a password is set now (stored or configured).</summary>
    public bool HasPassword { get; set; }

    /// <summary>Forget the stored password (then the configured one, if any, applies).</summary>
    public bool ClearPassword { get; set; }

    public string From { get; set; } = "";

    /// <summary>At most one failure e-mail per subscription in this many minutes.</summary>
    public int WindowMinutes { get; set; } = 60;

    public string SubjectTemplate { get; set; } = NotificationTemplate.DefaultSubject;
    public string BodyTemplate { get; set; } = NotificationTemplate.DefaultBody;
    public string? PortalBaseUrl { get; set; }

    /// <summary>New e-mails per tenant per hour (failure notices and confirmation links).</summary>
    public int MaxEmailsPerHour { get; set; } = 20;

    /// <summary>Where "Send test e-mail" sends to (not saved).</summary>
    public string TestRecipient { get; set; } = "";

    public static EmailSettingsInput FromOptions(SmtpOptions options, QuotaOptions quotas, string? baseUrl, string testRecipient) => new()
    {
        Host = options.Host,
        Port = options.Port,
        Security = options.Security,
        UserName = options.UserName,
        HasPassword = !string.IsNullOrEmpty(options.Password),
        From = options.From,
        WindowMinutes = (int)Math.Round(options.NotificationWindow.TotalMinutes),
        SubjectTemplate = options.SubjectTemplate,
        BodyTemplate = options.BodyTemplate,
        PortalBaseUrl = string.IsNullOrWhiteSpace(options.PortalBaseUrl) ? baseUrl : options.PortalBaseUrl,
        TestRecipient = testRecipient,
        MaxEmailsPerHour = quotas.MaxEmailsPerTenantPerHour,
    };

    public void ResetTemplate()
    {
        SubjectTemplate = NotificationTemplate.DefaultSubject;
        BodyTemplate = NotificationTemplate.DefaultBody;
    }
}
