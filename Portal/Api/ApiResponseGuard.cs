using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portal.Access;

namespace Portal.Api;

/// <summary>For /api requests: refuses bodies over the configured limit (413) and charsets .NET cannot decode (415), and gives every error response a
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

        if (UnknownCharset(context.Request) is { } charset)
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                $"The charset '{charset}' of the Content-Type is not a known encoding; send UTF-8.");
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

    /// <summary>The Content-Type's charset when no encoding has that name: the JSON reader would throw on it (a 500).
    /// The reader does not unquote either, so a quoted known charset (charset="utf-8", legal HTTP) is unquoted here.</summary>
    private static string? UnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || StringSegment.IsNullOrEmpty(type.Charset))
            return null;
        var charset = HeaderUtilities.RemoveQuotes(type.Charset).Value!;
        if (!IsKnownEncoding(charset))
            return charset;
        if (charset != type.Charset.Value)
        {
            type.Charset = charset;
            request.ContentType = type.ToString();
        }
        return null;
    }

    private static bool IsKnownEncoding(string name)
    {
        try
        {
            System.Text.Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
