namespace Portal.Features.Publishing;

public static class PublishingExtensions
{
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<EventSchemas>();
        services.AddScoped<EventPublisher>();
        services.AddScoped<PublishEvents>();
        services.AddScoped<PublishTargets>();
        return services;
    }
}
