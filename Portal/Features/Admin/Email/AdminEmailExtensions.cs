using FluentValidation;
using Portal.Features.Admin.Outbox;

namespace Portal.Features.Admin.Email;

public static class AdminEmailExtensions
{
    /// <summary>The admin pages for failure e-mail (settings, outbox) and the stored settings they edit.</summary>
    public static IServiceCollection AddAdminEmail(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<EmailSettingsInput>, EmailSettingsInputValidator>();
        services.AddScoped<EditEmailSettings>();
        services.AddScoped<OutboxQuery>();
        services.AddScoped<ResendEmail>();
        return services;
    }
}
