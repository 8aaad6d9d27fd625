using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Access;
using Portal.Identity;

namespace Portal.Api;

public static class ApiExtensions
{
    public const string RateLimitPolicy = "api";

    public static IHostApplicationBuilder AddPortalApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // A body that does not bind (malformed JSON…) is the client's mistake: say what it was.
            if (context.Exception is BadHttpRequestException bad)
                context.ProblemDetails.Detail = bad.Message;
        });
        services.AddOpenApi(ApiDocument.Configure);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(RateLimitPolicy, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinute;
                var partition = context.User.FindFirstValue(ApiClaimTypes.Credential)
                                ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too Many Requests",
                    "The rate limit of this credential is reached; retry after the time in Retry-After.");
            };
        });
        return builder;
    }

    /// <summary>The public REST API under /api/v1, the OAuth2 token endpoint and the OpenAPI document. Runs after the
    /// portal's authentication and authorization, so the rate limiter partitions by the authenticated credential.</summary>
    public static WebApplication MapPortalApi(this WebApplication app)
    {
        app.UseWhen(context => IsApiRequest(context.Request.Path), api =>
        {
            // Unknown exceptions → 500 ProblemDetails without internals, logged as errors; unreadable requests → their
            // own 4xx, the client's error: not logged as a server error (operators alert on those).
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
                SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
            });
            api.UseMiddleware<ApiResponseGuard>();
        });
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapTokenEndpoint();

        var v1 = app.MapGroup("/api/v1")
            .RequireAuthorization(ApiAuthentication.Policy)
            .RequireRateLimiting(RateLimitPolicy);
        v1.MapEventTypeEndpoints();
        v1.MapEventEndpoints();
        v1.MapSubscriptionEndpoints();
        v1.MapDeliveryEndpoints();
        v1.MapSigningKeyEndpoints();
        v1.MapCredentialEndpoints();
        v1.MapTenantEndpoints();
        v1.MapPortalSessionEndpoints();
        return app;
    }

    private static bool IsApiRequest(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/oauth");
}
