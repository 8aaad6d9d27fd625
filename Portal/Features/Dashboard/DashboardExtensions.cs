namespace Portal.Features.Dashboard;

public static class DashboardExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services.AddScoped<DashboardQuery>();
}
