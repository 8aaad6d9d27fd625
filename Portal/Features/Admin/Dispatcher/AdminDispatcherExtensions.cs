using FluentValidation;
using Portal.Dispatch;
using Portal.Notifications;
using Portal.Settings;

namespace Portal.Features.Admin.Dispatcher;

public static class AdminDispatcherExtensions
{
    /// <summary>The admin's stored document laid over the Delivery and Retention sections, and the page's service.</summary>
    public static IServiceCollection AddAdminDispatcher(this IServiceCollection services)
    {
        services.AddStoredSettings<DeliveryOptions, DispatcherSettings>(DispatcherSettings.Name, (o, s, _) => s.ApplyTo(o));
        services.AddStoredSettings<RetentionOptions, DispatcherSettings>(DispatcherSettings.Name, (o, s, _) => s.ApplyTo(o));
        services.AddStoredSettings<QuotaOptions, DispatcherSettings>(DispatcherSettings.Name, (o, s, _) => s.ApplyTo(o));
        services.AddSingleton<IValidator<DispatcherSettings>, DispatcherSettingsValidator>();
        services.AddScoped<EditDispatcherSettings>();
        return services;
    }
}
