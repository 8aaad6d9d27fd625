using System.Security.Cryptography;
using Portal.Dispatch;
using Portal.Secrets;
using Portal.Settings;

namespace Portal.Notifications;

/// <summary>The failure-e-mail settings an admin saved (stored document "smtp"); laid over the <c>Smtp</c>
/// configuration section, which stays the fallback while nothing is stored. The password is kept encrypted with
/// <see cref="SecretProtector"/>; null keeps the configured one.</summary>
public sealed record StoredSmtpSettings(
    string? Host,
    int Port,
    SmtpSecurity Security,
    string? UserName,
    string? ProtectedPassword,
    string From,
    TimeSpan NotificationWindow,
    string SubjectTemplate,
    string BodyTemplate,
    string? PortalBaseUrl,
    int? MaxEmailsPerTenantPerHour = null)
{
    public const string Name = "smtp";

    /// <summary>Null (a document saved before the cap existed) keeps the configured cap.</summary>
    public void ApplyTo(QuotaOptions options)
    {
        if (MaxEmailsPerTenantPerHour is { } cap)
            options.MaxEmailsPerTenantPerHour = cap;
    }

    public void ApplyTo(SmtpOptions options, SecretProtector protector, ILogger logger)
    {
        options.Host = Host;
        options.Port = Port;
        options.Security = Security;
        options.UserName = UserName;
        options.From = From;
        options.NotificationWindow = NotificationWindow;
        options.SubjectTemplate = SubjectTemplate;
        options.BodyTemplate = BodyTemplate;
        options.PortalBaseUrl = PortalBaseUrl;
        if (ProtectedPassword is null)
            return;
        try
        {
            options.Password = protector.Unprotect(ProtectedPassword);
        }
        catch (CryptographicException e)
        {
            // Keys lost (a new key ring): sending fails to authenticate and the outbox shows it.
            logger.LogError(e, "The stored SMTP password cannot be decrypted; enter it again on /admin/email.");
            options.Password = null;
        }
    }
}

public static class StoredSmtpSettingsExtensions
{
    /// <summary>Admin-edited SMTP settings reach <c>IOptionsMonitor&lt;SmtpOptions&gt;</c> readers without a restart.</summary>
    public static IServiceCollection AddStoredSmtpSettings(this IServiceCollection services) =>
        services.AddStoredSettings<SmtpOptions, StoredSmtpSettings>(StoredSmtpSettings.Name, (options, stored, sp) =>
                stored.ApplyTo(options, sp.GetRequiredService<SecretProtector>(),
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger<StoredSmtpSettings>()))
            .AddStoredSettings<QuotaOptions, StoredSmtpSettings>(StoredSmtpSettings.Name, (options, stored, _) => stored.ApplyTo(options));
}
