using Portal.Dispatch;

namespace Portal.Features.Publishing;

public static class PublishingExtensions
{
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<EventSchemas>();
        services.AddSingleton<PublicationWriter>();
        services.AddScoped<EventPublisher>();
        services.AddScoped<PublishEvents>();
        services.AddScoped<PublishTargets>();
        services.AddScoped<IOperationalEventPublisher, OperationalEventPublisher>();
        return services;
    }
}
