using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Portal.Identity;

namespace Portal.Access;

public static class AccessExtensions
{
    private const string InactiveClient = "The API client has been revoked or has expired.";

    /// <summary>The API's schemes beside the portal's cookie: X-API-Key, and JWT bearer tokens from /oauth/token.
    /// Failures answer 401/403 ProblemDetails, never a redirect to the sign-in page.</summary>
    public static IServiceCollection AddPortalAccess(this IServiceCollection services)
    {
        services.AddSingleton<ApiCredentialCache>();
        services.AddSingleton<TokenKeyConfigurationManager>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<ApiClients>();

        services.AddAuthentication()
            // No display name: a named scheme is listed as an external login on the sign-in pages, and the API's
            // schemes are for machines (it led to a raw 401 there).
            .AddPolicyScheme(ApiAuthentication.Scheme, displayName: null, options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiAuthentication.ApiKeyHeader)
                        ? ApiAuthentication.ApiKeyScheme
                        : ApiAuthentication.BearerScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiAuthentication.ApiKeyScheme, null)
            .AddJwtBearer(ApiAuthentication.BearerScheme, options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = ApiAuthentication.TokenIssuer,
                    ValidAudience = ApiAuthentication.TokenAudience,
                    NameClaimType = ApiClaimTypes.Name,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = RefuseRevokedClientsAsync,
                    OnChallenge = ChallengeAsync,
                    OnForbidden = context => ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden"),
                };
            });
        services.AddOptions<JwtBearerOptions>(ApiAuthentication.BearerScheme)
            .Configure<TokenKeyConfigurationManager>((options, manager) => options.ConfigurationManager = manager);

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(ApiAuthentication.Scheme).RequireAuthenticatedUser())
            .AddPolicy(ApiAuthentication.TenantPolicy, policy => policy
                .AddAuthenticationSchemes(ApiAuthentication.Scheme).RequireAuthenticatedUser()
                .RequireClaim(PortalClaimTypes.TenantId))
            .AddPolicy(ApiAuthentication.PlatformPolicy, policy => policy
                .AddAuthenticationSchemes(ApiAuthentication.Scheme).RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.HasClaim(c => c.Type == PortalClaimTypes.TenantId)));
        return services;
    }

    /// <summary>The tokens of a client that is revoked or has expired stop working at once, not when they expire.</summary>
    private static async Task RefuseRevokedClientsAsync(TokenValidatedContext context)
    {
        var clientId = context.Principal?.FindFirst(ApiClaimTypes.ClientId)?.Value;
        var clients = context.HttpContext.RequestServices.GetRequiredService<ApiClients>();
        if (clientId is null || !await clients.IsActiveAsync(clientId, context.HttpContext.RequestAborted))
            context.Fail(InactiveClient);
    }

    private static Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException => "The access token has expired.",
            { Message: InactiveClient } => InactiveClient,
            not null => "The access token is not valid.",
            null => "Send an API key in X-API-Key or a bearer token from /oauth/token.",
        };
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{detail}\"";
        return ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }
}
