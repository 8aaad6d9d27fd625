using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Portal.Access;

namespace Portal.Api;

/// <summary>For /api requests: refuses bodies over the configured limit (413), and gives every error response a
/// ProblemDetails body instead of the portal's HTML status pages.</summary>
public sealed class ApiResponseGuard(RequestDelegate next, IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            statusPages.Enabled = false;

        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
                $"The request body is larger than {limit} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limit;
        else if (context.Request.ContentLength is null)
            context.Request.Body = new LimitedRequestStream(context.Request.Body, limit);

        await next(context);

        var response = context.Response;
        if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null
            && string.IsNullOrEmpty(response.ContentType))
            await ApiProblems.WriteAsync(context, response.StatusCode, ReasonPhrase(response.StatusCode));
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
