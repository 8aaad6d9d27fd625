using System.Security.Claims;
using Portal.Access;
using Portal.Domain.Audit;

namespace Portal.Features.Audit;

/// <summary>Reads the actor from a principal as the three sign-in paths build it: the portal's cookie (user id and
/// e-mail), <see cref="ApiKeyAuthenticationHandler"/> (credential <c>key:&lt;id&gt;</c>, name <c>api-key:&lt;name&gt;</c>)
/// and the OAuth bearer token (credential <c>client:&lt;client id&gt;</c>).</summary>
public static class AuditActors
{
    private const string ApiKeyNamePrefix = "api-key:";

    public static AuditActor From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
            return AuditActor.System;
        var credential = principal.FindFirstValue(ApiClaimTypes.Credential);
        if (credential?.StartsWith("key:", StringComparison.Ordinal) == true)
        {
            var name = principal.Identity.Name ?? "";
            return AuditActor.ApiKey(credential["key:".Length..],
                name.StartsWith(ApiKeyNamePrefix, StringComparison.Ordinal) ? name[ApiKeyNamePrefix.Length..] : name);
        }
        if (credential?.StartsWith("client:", StringComparison.Ordinal) == true)
            return AuditActor.OAuthClient(credential["client:".Length..]);
        if (principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            return AuditActor.User(userId, principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity.Name ?? userId);
        return AuditActor.System;
    }
}
