using System.Security.Claims;
using Portal.Data;

namespace Portal.Identity;

/// <summary>The signed-in user of this DI scope (an HTTP request or a Blazor circuit), set by
/// <see cref="CurrentUserMiddleware"/> or <see cref="CurrentUserCircuitHandler"/>.</summary>
public sealed class CurrentUser : ICurrentTenant
{
    private ClaimsPrincipal _principal = new(new ClaimsIdentity());

    public ClaimsPrincipal Principal => _principal;

    public Guid? TenantId =>
        Guid.TryParse(_principal.FindFirstValue(PortalClaimTypes.TenantId), out var id) ? id : null;

    public string? UserId => _principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? Name => _principal.Identity?.Name;

    public bool IsAdmin => _principal.IsInRole(PortalRoles.Admin);

    /// <summary>May manage the tenant's credentials and team: an owner, or one of the tenant's API credentials.</summary>
    public bool IsTenantOwner =>
        TenantId is not null && _principal.FindFirstValue(PortalClaimTypes.TenantRole) == TenantRoles.Owner;

    /// <summary>Acts for the platform: an operator (role Admin) or a platform API credential, which is authenticated
    /// without a tenant (the rule of the API's platform policy).</summary>
    public bool ActsForPlatform => IsAdmin || (_principal.Identity?.IsAuthenticated == true && TenantId is null);

    public void Set(ClaimsPrincipal principal) => _principal = principal;
}
