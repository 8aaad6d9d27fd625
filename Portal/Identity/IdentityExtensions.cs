using System.Security.Claims;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Portal.Data;
using Portal.Data.Seeding;

namespace Portal.Identity;

public static class IdentityExtensions
{
    public static IHostApplicationBuilder AddPortalIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddScoped(CurrentUser.Of);
        services.AddScoped<ICurrentTenant>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorizationBuilder()
            .AddPolicy(PortalRoles.Admin, policy => policy.RequireRole(PortalRoles.Admin));

        services.AddIdentityCore<PortalUser>(options =>
            {
                // No mail server is needed to sign up; operators can turn confirmation on.
                options.SignIn.RequireConfirmedAccount =
                    builder.Configuration.GetValue("Identity:RequireConfirmedAccount", false);
                DataExtensions.ConfigureIdentityStores(options);
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();

        // The periodic security-stamp check rebuilds the cookie's principal from the user: keep the session's own
        // claims (an embedded session stays embedded).
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(PortalClaimTypes.Embed) is { } embed
                && context.NewPrincipal?.Identity is ClaimsIdentity identity)
                identity.AddClaim(new Claim(PortalClaimTypes.Embed, embed.Value));
            return Task.CompletedTask;
        });
        services.AddScoped<DevelopmentSeeder>();
        services.AddScoped<TenantRegistration>();
        services.AddScoped<TenantNameQuery>();
        return builder;
    }

    /// <summary>Authentication, then authorization (the request's <see cref="CurrentUser"/> reads
    /// <see cref="HttpContext.User"/> when it is used, so it needs no step of its own).</summary>
    public static WebApplication UsePortalIdentity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
