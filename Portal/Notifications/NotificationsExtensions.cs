namespace Portal.Notifications;

public static class NotificationsExtensions
{
    /// <summary>Failure e-mail: SMTP and quota options (configuration, overridden by what an admin saved), the outbox
    /// service and the sender.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddStoredSmtpSettings();
        services.AddScoped<NotificationService>();
        services.AddScoped<NotificationAddresses>();
        services.AddSingleton<SmtpEmailSender>();
        return services;
    }
}
