using MudBlazor.Services;
using Portal.Branding;
using Portal.Components;
using Portal.Components.Account;
using Portal.Data;
using Portal.Features.Admin;
using Portal.Features.Admin.Catalogue;
using Portal.Features.Admin.Health;
using Portal.Features.Admin.Branding;
using Portal.Features.Admin.Email;
using Portal.Features.Admin.Tenants;
using Portal.Features.Audit;
using Portal.Features.Catalogue;
using Portal.Features.Dashboard;
using Portal.Features.Subscriptions;
using Portal.Features.Team;
using Portal.Features.Handoff;

namespace Portal.Hosting;

public static class UiExtensions
{
    public static IHostApplicationBuilder AddPortalUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        builder.Services.AddDatabaseDeveloperPageExceptionFilter();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<DashboardQuery>();
        builder.Services.AddScoped<CatalogueQuery>();
        builder.Services.AddScoped<AdminOverviewQuery>();
        builder.Services.AddTenantAdministration();
        builder.Services.AddCatalogueAdmin();
        builder.Services.AddSystemHealth();
        builder.Services.AddEmailAdmin();
        builder.Services.AddPortalBranding();
        builder.Services.AddBrandingAdmin();
        builder.Services.AddHandoff();
        builder.Services.AddAuditLog();
        builder.Services.AddTeam();
        return builder;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UsePortalFraming();
        app.UsePortalIdentityPipeline();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/health");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapSubscriptionLog();
        return app;
    }

    private static WebApplication UsePortalIdentityPipeline(this WebApplication app) =>
        Identity.IdentityExtensions.UsePortalIdentity(app);
}
