using FluentValidation;
using MimeKit;
using Portal.Notifications;

namespace Portal.Features.Admin.Email;

/// <summary>The rules of the e-mail settings form; messages are shown next to the field. Rule sets: "Server" (the
/// SMTP fields), "Test" (what a test e-mail needs on top), the rest (window, template, base URL) when saving.</summary>
public sealed class EmailSettingsInputValidator : AbstractValidator<EmailSettingsInput>
{
    public const string Server = "Server";
    public const string Test = "Test";
    public const int MaxBodyChars = 10_000;
    private const int MaxWindowMinutes = 7 * 24 * 60;

    private static readonly string Known = string.Join(", ", NotificationTemplate.Placeholders.Keys.Select(k => $"{{{k}}}"));

    public EmailSettingsInputValidator()
    {
        RuleSet(Server, () =>
        {
            RuleFor(x => x.Host).MaximumLength(255)
                .Must(h => Uri.CheckHostName(h!.Trim()) != UriHostNameType.Unknown)
                .When(x => !string.IsNullOrWhiteSpace(x.Host))
                .WithMessage("Enter a host name or IP address, e.g. smtp.example.com.");
            RuleFor(x => x.Port).InclusiveBetween(1, 65535).WithMessage("Use a port between 1 and 65535 (25, 465 or 587 usually).");
            RuleFor(x => x.From).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the sender address, e.g. Portal <webhooks@example.com>.")
                .Must(IsMailbox).WithMessage("Not a valid sender address; e.g. Portal <webhooks@example.com>.");
            RuleFor(x => x.UserName).MaximumLength(256);
            RuleFor(x => x.Password).MaximumLength(256);
        });
        RuleSet(Test, () =>
        {
            RuleFor(x => x.Host).NotEmpty().WithMessage("Enter the SMTP host to send a test e-mail.");
            RuleFor(x => x.TestRecipient).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the address to send the test e-mail to.")
                .Must(IsMailbox).WithMessage("Not a valid e-mail address.");
        });

        RuleFor(x => x.MaxEmailsPerHour).InclusiveBetween(1, 100_000)
            .WithMessage("Between 1 and 100000 e-mails per organisation per hour.");
        RuleFor(x => x.WindowMinutes).InclusiveBetween(1, MaxWindowMinutes)
            .WithMessage("Use 1 minute to 7 days (10080 minutes).");
        RuleFor(x => x.SubjectTemplate).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter a subject.")
            .MaximumLength(200)
            .Must(s => !s.Contains('\n') && !s.Contains('\r')).WithMessage("The subject must be one line.");
        RuleFor(x => x.BodyTemplate).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the e-mail text.")
            .MaximumLength(MaxBodyChars);
        RuleFor(x => x.SubjectTemplate).Custom((t, c) => FlagUnknown(t, c));
        RuleFor(x => x.BodyTemplate).Custom((t, c) => FlagUnknown(t, c));
        RuleFor(x => x.PortalBaseUrl)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https"))
            .When(x => !string.IsNullOrWhiteSpace(x.PortalBaseUrl))
            .WithMessage("Enter the portal's address as users reach it, e.g. https://webhooks.example.com.");
    }

    /// <summary>Why <paramref name="template"/> cannot be used as is, or null (also shown live under the field).</summary>
    public static string? UnknownPlaceholderMessage(string? template)
    {
        var unknown = NotificationTemplate.UnknownPlaceholders(template);
        return unknown.Count == 0
            ? null
            : $"Unknown placeholder{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}. Use {Known} ({{{{ and }}}} for a brace).";
    }

    private static void FlagUnknown(string? template, ValidationContext<EmailSettingsInput> context)
    {
        if (UnknownPlaceholderMessage(template) is { } message)
            context.AddFailure(message);
    }

    private static bool IsMailbox(string? text) =>
        MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal)
                                                       && !mailbox.Address.EndsWith('@');
}
