using Portal.Branding;
using Portal.Components;
using Portal.Components.Account;
using Portal.Features.Subscriptions;

namespace Portal.Hosting;

public static class UiExtensions
{
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
