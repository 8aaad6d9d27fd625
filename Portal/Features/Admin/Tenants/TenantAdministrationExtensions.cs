namespace Portal.Features.Admin.Tenants;

public static class TenantAdministrationExtensions
{
    /// <summary>Operators' and the platform API's use cases on tenants.</summary>
    public static IServiceCollection AddTenantAdministration(this IServiceCollection services)
    {
        services.AddScoped<TenantAdministration>();
        services.AddScoped<ProvisionTenant>();
        services.AddScoped<EditTenant>();
        services.AddScoped<DeleteTenant>();
        return services;
    }
}
