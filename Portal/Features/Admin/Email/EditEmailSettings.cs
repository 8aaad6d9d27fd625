using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Notifications;
using Portal.Secrets;
using Portal.Settings;

namespace Portal.Features.Admin.Email;

/// <summary>What "Send test e-mail" reports: sent, or the SMTP server's (or connection's) error.</summary>
public sealed record TestEmailOutcome(bool Sent, string Message);

/// <summary>Operators' failure-e-mail settings: load what applies now, save it as the stored document "smtp"
/// (password encrypted), and try the form's values with a test e-mail before saving.</summary>
public sealed class EditEmailSettings(
    IDbContextFactory<PortalDbContext> dbFactory,
    StoredSettings settings,
    IOptionsMonitor<SmtpOptions> options,
    IOptionsMonitor<QuotaOptions> quotas,
    SecretProtector protector,
    SmtpEmailSender sender,
    IValidator<EmailSettingsInput> validator,
    AuditTrail audit,
    TimeProvider clock)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    /// <summary>True when an admin saved settings; false while the configuration file's apply.</summary>
    public bool IsStored => settings.Get<StoredSmtpSettings>(StoredSmtpSettings.Name) is not null;

    public EmailSettingsInput Load(string requestBaseUrl, string? adminEmail) =>
        EmailSettingsInput.FromOptions(options.CurrentValue, quotas.CurrentValue, requestBaseUrl.TrimEnd('/'), adminEmail ?? "");

    public async Task<Result<bool>> SaveAsync(EmailSettingsInput input, CancellationToken cancellationToken = default)
    {
        var result = await validator.ValidateAsync(input,
            o => o.IncludeRuleSets(EmailSettingsInputValidator.Server).IncludeRulesNotInRuleSet(), cancellationToken);
        if (!result.IsValid)
            return result.ToError();

        var current = settings.Get<StoredSmtpSettings>(StoredSmtpSettings.Name);
        var password = input.ClearPassword ? null
            : !string.IsNullOrEmpty(input.Password) ? protector.Protect(input.Password)
            : current?.ProtectedPassword;
        var document = new StoredSmtpSettings(Blank(input.Host), input.Port, input.Security, Blank(input.UserName), password,
            input.From.Trim(), TimeSpan.FromMinutes(input.WindowMinutes), input.SubjectTemplate, input.BodyTemplate,
            Blank(input.PortalBaseUrl)?.TrimEnd('/'), input.MaxEmailsPerHour);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = StoredSettings.ChangedFields(current, document);
        if (changed.Count > 0)
            audit.On(db).RecordPlatform(AuditActions.SettingsChanged, AuditTargets.Settings, StoredSmtpSettings.Name,
                "Failure e-mail", $"Changed: {string.Join(", ", changed)}.");
        await settings.SaveAsync(db, StoredSmtpSettings.Name, document, cancellationToken);
        input.Password = null;
        input.ClearPassword = false;
        input.HasPassword = !string.IsNullOrEmpty(options.CurrentValue.Password);
        return true;
    }

    /// <summary>Sends a test e-mail with the form's SMTP values (saved or not). The outcome is a message for the
    /// page: what the server said when it failed.</summary>
    public async Task<Result<TestEmailOutcome>> SendTestAsync(EmailSettingsInput input, CancellationToken cancellationToken = default)
    {
        var result = await validator.ValidateAsync(input,
            o => o.IncludeRuleSets(EmailSettingsInputValidator.Server, EmailSettingsInputValidator.Test), cancellationToken);
        if (!result.IsValid)
            return result.ToError();

        var smtp = new SmtpOptions
        {
            Host = input.Host!.Trim(), Port = input.Port, Security = input.Security, UserName = Blank(input.UserName),
            Password = !string.IsNullOrEmpty(input.Password) ? input.Password
                : input.ClearPassword ? null : options.CurrentValue.Password,
            From = input.From.Trim(),
        };
        var message = new EmailMessage(Guid.NewGuid(), input.TestRecipient.Trim(), "Portal test e-mail",
            $"This is a test e-mail from Portal, sent {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC through {smtp.Host}:{smtp.Port} " +
            $"({smtp.Security}).\n\nFailure notifications will reach your users through this server.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeout);
        try
        {
            var sent = await sender.SendAsync(smtp, [message], timeout.Token);
            return sent[message.Id] is { } error
                ? new TestEmailOutcome(false, error)
                : new TestEmailOutcome(true, $"Test e-mail sent to {message.To} through {smtp.Host}:{smtp.Port}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TestEmailOutcome(false, $"No answer from {smtp.Host}:{smtp.Port} within {TestTimeout.TotalSeconds:0} s.");
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
