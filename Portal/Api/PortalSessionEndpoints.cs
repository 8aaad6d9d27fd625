using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Access;
using Portal.Features.Handoff;

namespace Portal.Api;

public sealed record PortalSessionRequest(string? Email, bool? Embed, string? ReturnUrl, int? ExpiresInMinutes);

public sealed record PortalSessionResponse(string Url, DateTimeOffset ExpiresAt);

internal static class PortalSessionEndpoints
{
    public static void MapPortalSessionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/tenants/{id:guid}/portal-sessions", CreateAsync)
            .RequireAuthorization(ApiAuthentication.PlatformPolicy)
            .WithTags("Tenants")
            .WithSummary("A one-time link that signs a person of the tenant into the portal (created on first use); " +
                         "embed renders it without the portal's chrome, for a frame in the platform's UI.");
    }

    private static async Task<Results<Created<PortalSessionResponse>, ProblemHttpResult>> CreateAsync(
        Guid id, PortalSessionRequest request, IssuePortalLink issue, HttpContext context, CancellationToken cancellationToken)
    {
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        var result = await issue.ExecuteAsync(id,
            new PortalLinkRequest(request.Email, request.Embed ?? false, request.ReturnUrl, request.ExpiresInMinutes),
            baseUrl, cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error)
            : TypedResults.Created((string?)null, new PortalSessionResponse(result.Value!.Url, result.Value.ExpiresAt));
    }
}
