using Portal.Features.Admin.Branding;
using Portal.Features.Admin.Catalogue;
using Portal.Features.Admin.Dispatcher;
using Portal.Features.Admin.Email;
using Portal.Features.Admin.Health;
using Portal.Features.Admin.Tenants;

namespace Portal.Features.Admin;

public static class AdminExtensions
{
    /// <summary>The operators' pages and the use cases behind them, one registration per admin feature.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddScoped<AdminOverviewQuery>();
        services.AddAdminTenants();
        services.AddAdminCatalogue();
        services.AddAdminHealth();
        services.AddAdminEmail();
        services.AddAdminBranding();
        services.AddAdminDispatcher();
        return services;
    }
}
