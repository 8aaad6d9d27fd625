using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Access;

namespace Portal.Api;

public sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>OAuth2 client credentials grant (RFC 6749 §4.4): credentials as HTTP Basic or form fields.
/// Errors are ProblemDetails that also carry the OAuth2 <c>error</c> code.</summary>
internal static class TokenEndpoint
{
    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/oauth/token", IssueAsync)
            .DisableAntiforgery()
            .RequireRateLimiting(ApiExtensions.RateLimitPolicy)
            .Accepts<IFormCollection>("application/x-www-form-urlencoded")
            .WithTags("OAuth2")
            .WithSummary("Issue an access token (client credentials grant).");

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(
        HttpContext context, ApiClients clients, AccessTokenIssuer issuer, TimeProvider clock, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType)
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "Send an application/x-www-form-urlencoded body.");
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            // The form reader's limits (key or value length, field count) refuse the body: the client's mistake.
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", $"The form body cannot be read: {e.Message}");
        }
        if (form["grant_type"].ToString() != "client_credentials")
            return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");

        var (clientId, secret) = BasicCredentials(context.Request) ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", "Send the client id and secret (HTTP Basic or form fields).");
        var client = await clients.AuthenticateAsync(clientId, secret, cancellationToken);
        if (client is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"portal\"";
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", "Unknown client, wrong secret, or the client is revoked or has expired.");
        }

        var token = await issuer.IssueAsync(client, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new TokenResponse(token.Value, "bearer", token.ExpiresInSeconds));
    }

    private static (string, string)? BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ProblemHttpResult OAuthError(int status, string error, string detail) =>
        TypedResults.Problem(statusCode: status, title: error, detail: detail,
            extensions: new Dictionary<string, object?> { ["error"] = error, ["error_description"] = detail });
}
