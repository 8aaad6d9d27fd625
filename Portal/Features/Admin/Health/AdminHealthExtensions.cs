namespace Portal.Features.Admin.Health;

public static class AdminHealthExtensions
{
    public static IServiceCollection AddAdminHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SystemHealthQuery>();
        services.AddScoped<SchedulerStatusQuery>();
        services.AddSingleton<SystemHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SystemHealthMonitor>());
        return services;
    }
}
