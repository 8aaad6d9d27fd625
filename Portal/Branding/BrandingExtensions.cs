namespace Portal.Branding;

public static class BrandingExtensions
{
    /// <summary>Branding (configuration, overridden by what an admin saved) and the framing rules that go with it.</summary>
    public static IServiceCollection AddPortalBranding(this IServiceCollection services)
    {
        services.AddOptions<BrandingOptions>().BindConfiguration(BrandingOptions.Section)
            .Validate(o => o.FrameAncestors.All(a => BrandingRules.NormalizeOrigin(a) is not null),
                "Branding:FrameAncestors holds something that is not an origin (https://host[:port]).")
            .Validate(o => o.LogoUrl is null || BrandingRules.IsLogoUrl(o.LogoUrl), "Branding:LogoUrl is not an http(s) URL or a path.")
            .Validate(o => o.PrimaryColor is null || BrandingRules.IsColor(o.PrimaryColor), "Branding:PrimaryColor is not #rrggbb.")
            .ValidateOnStart();
        services.AddStoredBranding();
        services.AddSingleton<Brand>();
        services.Configure<CookiePolicyOptions>(EmbeddedCookies.Configure);
        return services;
    }

    /// <summary>The frame-ancestors policy on every response, and the embedded sessions' cookie rule. Before
    /// authentication, which writes the sign-in cookie.</summary>
    public static WebApplication UsePortalFraming(this WebApplication app)
    {
        app.UseMiddleware<FramingMiddleware>();
        app.UseCookiePolicy();
        return app;
    }
}
