namespace Portal.Features.Admin.Tenants;

public static class AdminTenantsExtensions
{
    /// <summary>Operators' and the platform API's use cases on tenants.</summary>
    public static IServiceCollection AddAdminTenants(this IServiceCollection services)
    {
        services.AddScoped<ManageTenants>();
        services.AddScoped<ProvisionTenant>();
        services.AddScoped<EditTenant>();
        services.AddScoped<DeleteTenant>();
        return services;
    }
}
