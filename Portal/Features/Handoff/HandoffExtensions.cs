namespace Portal.Features.Handoff;

public static class HandoffExtensions
{
    /// <summary>The platform's hand-off into the portal: issuing one-time links (API) and using them (/portal-session).</summary>
    public static IServiceCollection AddHandoff(this IServiceCollection services)
    {
        services.AddScoped<IssuePortalLink>();
        services.AddScoped<RedeemPortalLink>();
        return services;
    }
}
