using FluentValidation;
using Portal.Features.Admin.Outbox;
using Portal.Notifications;

namespace Portal.Features.Admin.Email;

public static class EmailAdminExtensions
{
    /// <summary>The admin pages for failure e-mail (settings, outbox) and the stored settings they edit.</summary>
    public static IServiceCollection AddEmailAdmin(this IServiceCollection services)
    {
        services.AddStoredSmtpSettings();
        services.AddSingleton<IValidator<EmailSettingsInput>, EmailSettingsInputValidator>();
        services.AddScoped<EmailSettingsAdmin>();
        services.AddScoped<OutboxAdmin>();
        return services;
    }
}
